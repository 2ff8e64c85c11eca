package kz.tapbot.platform.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What an erased user's Telegram id becomes where a row must stay (a booking kept for accounting, an analytics
 * fact): a keyed hash (HMAC-SHA-256) folded into a negative number, so it never equals a real Telegram id (always
 * positive), still tells one erased user's rows apart from another's, and cannot be turned back into the id without
 * the key. With no key configured a random one is drawn per process: the pseudonym of an erasure is then unlinkable
 * to any other erasure's, which is all an erasure needs (all of one user's rows are rewritten at once). The key:
 * {@code tapbot.privacy.pseudonym-key} (TAPBOT_PSEUDONYM_KEY).
 */
@ApplicationScoped
public class Pseudonyms {

    private final byte[] key;

    @Inject
    Pseudonyms(@ConfigProperty(name = "tapbot.privacy.pseudonym-key") Optional<String> configuredKey) {
        this(configuredKey.orElse(null));
    }

    public Pseudonyms(String configuredKey) {
        if (configuredKey == null || configuredKey.isBlank()) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        } else {
            key = configuredKey.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A negative number standing for {@code userId}, the same for the same id and key. */
    public long of(long userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            long folded = ByteBuffer.wrap(mac.doFinal(String.valueOf(userId).getBytes(StandardCharsets.UTF_8))).getLong();
            return -1 - (folded & Long.MAX_VALUE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The pseudonym as text, for the places that keep ids as text. */
    public String label(long userId) {
        return "erased-" + Long.toHexString(of(userId));
    }
}
