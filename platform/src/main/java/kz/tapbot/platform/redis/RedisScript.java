package kz.tapbot.platform.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}): Redis neither receives nor hashes its source on every call, as it
 * does for {@code EVAL}. Where Redis does not hold it (after a restart or {@code SCRIPT FLUSH}: {@code NOSCRIPT}),
 * the call is made again with {@code EVAL}, which loads it. A script is atomic either way, so the second try cannot
 * repeat a write of the first: {@code NOSCRIPT} means nothing ran.
 */
public final class RedisScript {

    private final String source;
    private final String sha1;

    public RedisScript(String source) {
        this.source = source;
        this.sha1 = sha1(source);
    }

    /** Runs the script: {@code keysAndArgs} as EVAL takes them, the number of keys first, then keys, then args. */
    public Uni<Response> run(ReactiveRedisDataSource redis, String... keysAndArgs) {
        return redis.execute("EVALSHA", with(sha1, keysAndArgs))
                .onFailure(RedisScript::isNoScript).recoverWithUni(() -> redis.execute("EVAL", with(source, keysAndArgs)));
    }

    private static String[] with(String script, String[] keysAndArgs) {
        String[] arguments = new String[keysAndArgs.length + 1];
        arguments[0] = script;
        System.arraycopy(keysAndArgs, 0, arguments, 1, keysAndArgs.length);
        return arguments;
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-1", e);
        }
    }
}
