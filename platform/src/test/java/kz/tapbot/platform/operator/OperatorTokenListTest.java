package kz.tapbot.platform.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import kz.tapbot.platform.operator.OperatorTokenList.OperatorToken;
import org.junit.jupiter.api.Test;

class OperatorTokenListTest {

    private static final String AIGERIM = "aigerim-0123456789abcdef";
    private static final String TIMUR = "timur-fedcba9876543210";

    @Test
    void eachEntryGivesAnOperatorTheirRoles() {
        List<OperatorToken> tokens = OperatorTokenList.parse(" aigerim:support:" + AIGERIM + ", timur:content+support:" + TIMUR);
        assertEquals(2, tokens.size());
        assertEquals("aigerim", tokens.get(0).name());
        assertEquals(Set.of("support"), tokens.get(0).roles());
        assertEquals(AIGERIM, tokens.get(0).token());
        assertEquals(Set.of("content", "support"), tokens.get(1).roles());
    }

    @Test
    void theAdminRoleHoldsEveryRole() {
        OperatorToken lead = OperatorTokenList.parse("lead:admin:" + AIGERIM).get(0);
        assertEquals(Set.copyOf(OperatorRoles.ALL), lead.roles());
    }

    @Test
    void noValueMeansNoOperatorTokens() {
        assertTrue(OperatorTokenList.parse("").isEmpty());
        assertTrue(OperatorTokenList.parse(null).isEmpty());
    }

    @Test
    void aMalformedEntryIsRefusedWithoutShowingItsToken() {
        assertRefused("aigerim:support:" + AIGERIM + ",timur:suport:" + TIMUR, "entry 2 ('timur'): unknown role 'suport'");
        assertRefused("aigerim:support:short", "entry 1 ('aigerim'): the token must be at least 16 characters");
        assertRefused("aigerim-support-" + AIGERIM, "entry 1 is not name:role+role:token");
        assertRefused("Aigerim:support:" + AIGERIM, "entry 1: the name must be");
        assertRefused("aigerim:support:" + AIGERIM + ",aigerim:content:" + TIMUR, "entry 2 ('aigerim'): the name is used twice");
        assertRefused("aigerim:support:" + AIGERIM + ",timur:content:" + AIGERIM, "entry 2 ('timur'): the token is the same");
        assertRefused("aigerim::" + AIGERIM, "unknown role ''");
        assertRefused("aigerim:support:" + AIGERIM + ",", "entry 2 is not name:role+role:token");
    }

    @Test
    void theTokensOfEvenAMalformedValueAreWhatALogMustNotShow() {
        List<String> secrets = OperatorTokenList.secretsIn("aigerim:support:" + AIGERIM + ",garbage-" + TIMUR);
        assertTrue(secrets.contains(AIGERIM));
        assertTrue(secrets.contains("garbage-" + TIMUR));
    }

    @Test
    void anOperatorTokenPrintsWithoutItsToken() {
        assertFalse(OperatorTokenList.parse("aigerim:support:" + AIGERIM).get(0).toString().contains(AIGERIM));
    }

    private static void assertRefused(String value, String reason) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> OperatorTokenList.parse(value));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
        assertFalse(refused.getMessage().contains(AIGERIM) || refused.getMessage().contains(TIMUR)
                || refused.getMessage().contains("short"), refused.getMessage());
    }
}
