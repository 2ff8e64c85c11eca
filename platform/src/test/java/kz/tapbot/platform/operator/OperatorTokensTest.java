package kz.tapbot.platform.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorTokensTest {

    private static final String ADMIN = "admin-token-of-the-tokens-test";
    private static final String AIGERIM = "aigerim-0123456789abcdef";

    private final OperatorTokens tokens = new OperatorTokens(ADMIN, Optional.of("aigerim:support+content:" + AIGERIM));

    @Test
    void theAdminTokenHoldsEveryRole() {
        assertEquals(Set.copyOf(OperatorRoles.ALL), tokens.holderOf(ADMIN).orElseThrow().roles());
        assertEquals("admin", tokens.holderOf(ADMIN).orElseThrow().name());
    }

    @Test
    void anOperatorTokenHoldsItsOwnRoles() {
        assertEquals(Set.of("support", "content"), tokens.holderOf(AIGERIM).orElseThrow().roles());
    }

    @Test
    void anyOtherTokenBelongsToNoOne() {
        assertTrue(tokens.holderOf(AIGERIM + "x").isEmpty());
        assertTrue(tokens.holderOf(AIGERIM.substring(1)).isEmpty());
        assertTrue(tokens.holderOf("").isEmpty());
        assertTrue(tokens.holderOf(null).isEmpty());
    }

    @Test
    void anOperatorTokenEqualToTheAdminTokenIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new OperatorTokens(ADMIN, Optional.of("lead:support:" + ADMIN)));
        assertFalse(refused.getMessage().contains(ADMIN), refused.getMessage());
    }
}
