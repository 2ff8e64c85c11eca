package kz.tapbot.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Operator tokens for tests, one per non-empty set of the roles below admin (support, content, analyst, privacy):
 * {@link #tokenFor} gives the token holding exactly a set, {@link Profile} configures them all
 * (TAPBOT_OPERATOR_TOKENS) in a @QuarkusTest.
 */
public final class OperatorTestTokens {

    /** The roles a test token may hold; admin is left out, as it would hold every role. */
    public static final List<String> ROLES = List.of("analyst", "content", "privacy", "support");

    private OperatorTestTokens() {
    }

    /** The token holding exactly {@code roles} (a non-empty subset of {@link #ROLES}). */
    public static String tokenFor(Set<String> roles) {
        if (roles.isEmpty() || !ROLES.containsAll(roles)) {
            throw new IllegalArgumentException("no test token holds exactly " + roles + " (roles: " + ROLES + ")");
        }
        return "test-operator-" + String.join("-", new TreeSet<>(roles)) + "-token";
    }

    /** Every test token, as the value of tapbot.operator.tokens. */
    public static String configValue() {
        List<String> entries = new ArrayList<>();
        for (Set<String> roles : everySet()) {
            entries.add(String.join("-", new TreeSet<>(roles)) + ":" + String.join("+", new TreeSet<>(roles)) + ":"
                    + tokenFor(roles));
        }
        return String.join(",", entries);
    }

    /** Every test token's value: what no log may show. */
    public static List<String> all() {
        return everySet().stream().map(OperatorTestTokens::tokenFor).toList();
    }

    private static List<Set<String>> everySet() {
        List<Set<String>> sets = new ArrayList<>();
        for (int mask = 1; mask < 1 << ROLES.size(); mask++) {
            Set<String> roles = new TreeSet<>();
            for (int i = 0; i < ROLES.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    roles.add(ROLES.get(i));
                }
            }
            sets.add(roles);
        }
        return sets;
    }

    /** A test profile with every test token configured beside the admin token. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tapbot.operator.tokens", configValue());
        }
    }
}
