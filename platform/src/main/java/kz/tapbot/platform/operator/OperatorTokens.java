package kz.tapbot.platform.operator;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.tapbot.platform.operator.OperatorTokenList.OperatorToken;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tokens the operator API accepts: TAPBOT_ADMIN_TOKEN (every role, operator name {@code admin}) and those of
 * TAPBOT_OPERATOR_TOKENS. Read at start: a malformed list stops the service with the reason.
 */
@Startup
@Singleton
public class OperatorTokens {

    private final List<Known> known = new ArrayList<>();

    public OperatorTokens(@ConfigProperty(name = "tapbot.admin.token") String adminToken,
            @ConfigProperty(name = "tapbot.operator.tokens") Optional<String> operatorTokens) {
        List<OperatorToken> tokens = OperatorTokenList.parse(operatorTokens.orElse(""));
        for (OperatorToken token : tokens) {
            if (token.token().equals(adminToken)) {
                throw new IllegalArgumentException("TAPBOT_OPERATOR_TOKENS entry '" + token.name()
                        + "': the token is TAPBOT_ADMIN_TOKEN's");
            }
            known.add(new Known(token, sha256(token.token())));
        }
        if (!adminToken.isBlank()) {
            known.add(new Known(new OperatorToken(OperatorRoles.ADMIN, Set.of(OperatorRoles.ADMIN), adminToken),
                    sha256(adminToken)));
        }
    }

    /** The operator a presented token belongs to; every known token is compared, in constant time. */
    public Optional<OperatorToken> holderOf(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        OperatorToken holder = null;
        for (Known candidate : known) {
            if (MessageDigest.isEqual(digest, candidate.digest())) {
                holder = candidate.token();
            }
        }
        return Optional.ofNullable(holder);
    }

    /** Digests of equal length: the comparison takes as long whatever the presented token's length. */
    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Known(OperatorToken token, byte[] digest) {
    }
}
