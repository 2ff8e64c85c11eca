package kz.tapbot.gateway.reply;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import kz.tapbot.gateway.bot.GatewayConfig;
import kz.tapbot.platform.redis.RedisScript;
import org.jboss.logging.Logger;

/**
 * Which replies (by CloudEvent id) reached the user, and which instance is sending one now, in Redis at
 * tg:reply:{id}: "1" once delivered (kept 7 days), so that a redelivered reply (a relay that published twice, a
 * rebalance) is not sent again; "sending:{instance}" while an instance sends it, so that two instances holding the
 * same reply after a rebalance do not both send it. Both are read by one script, the reply's claim ({@link #claimFor}),
 * right before each Bot API call. When Redis cannot tell, the reply is sent: a rare repeat is better than a lost
 * answer. Non-blocking: it is called from the Kafka consumer's event loop and the dispatcher's thread.
 */
@ApplicationScoped
class DeliveredReplies {

    private static final Logger LOG = Logger.getLogger(DeliveredReplies.class);
    private static final String DELIVERED = "1";
    private static final String KEEP_SECONDS = String.valueOf(7 * 24 * 3600);

    // KEYS[1] = tg:reply:{id}; ARGV = this instance's claim, its lifetime in seconds.
    // Returns 0: the claim is this instance's (taken or renewed); 1: another instance's; 2: the reply was delivered.
    private static final RedisScript CLAIM = new RedisScript("""
            local v = redis.call('GET', KEYS[1])
            if v == '1' then return 2 end
            if v and v ~= ARGV[1] then return 1 end
            redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
            return 0
            """);

    private final ReactiveRedisDataSource redis;
    private final String claim = "sending:" + UUID.randomUUID();
    /** Outlives one Bot API call with room to spare; renewed before each call, lapses if the instance dies. */
    private final String claimSeconds;

    DeliveredReplies(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        Duration requestTimeout = config.telegram().requestTimeout();
        this.claimSeconds = String.valueOf(Math.max(15, requestTimeout.toSeconds() + 5));
    }

    /** The claim to send a reply, taken or renewed before each of its Bot API calls. */
    SendClaim claimFor(String replyId) {
        return () -> CLAIM.run(redis, "1", key(replyId), claim, claimSeconds)
                .map(answer -> switch (answer.toInteger()) {
                    case 0 -> SendClaim.Outcome.MINE;
                    case 1 -> SendClaim.Outcome.HELD_ELSEWHERE;
                    default -> {
                        LOG.infof("reply %s was delivered already; not sending it again", replyId);
                        yield SendClaim.Outcome.DELIVERED;
                    }
                })
                .onFailure().recoverWithItem(error -> {
                    LOG.warnf("cannot claim reply %s, sending it: %s", replyId, error.getMessage());
                    return SendClaim.Outcome.MINE;
                })
                .subscribeAsCompletionStage();
    }

    /** Completes once Redis has the record, or once remembering it failed (logged). */
    CompletionStage<Void> markDelivered(String replyId) {
        return redis.execute("SET", key(replyId), DELIVERED, "EX", KEEP_SECONDS).replaceWithVoid()
                .onFailure().invoke(error -> LOG.warnf("could not remember that reply %s was delivered: %s", replyId,
                        error.getMessage()))
                .onFailure().recoverWithNull()
                .subscribeAsCompletionStage();
    }

    private static String key(String replyId) {
        return "tg:reply:" + replyId;
    }

}
