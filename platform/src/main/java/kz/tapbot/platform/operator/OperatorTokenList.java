package kz.tapbot.platform.operator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator tokens of TAPBOT_OPERATOR_TOKENS: comma-separated entries {@code name:role+role:token}, e.g.
 * {@code aigerim:support:6f1c...,timur:content+support:9b2e...}. A name is 1-40 characters of {@code a-z0-9._-};
 * roles are those of {@link OperatorRoles} ({@code admin} grants them all); a token is at least
 * {@value #MIN_TOKEN_LENGTH} characters with no comma, colon or white space. A malformed value is refused with a
 * reason that names the entry by its position and name, never by its token.
 */
public final class OperatorTokenList {

    public static final int MIN_TOKEN_LENGTH = 16;

    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,40}");
    private static final Pattern TOKEN = Pattern.compile("[^\\s,:]{" + MIN_TOKEN_LENGTH + ",}");

    /** One operator's token; {@link #toString()} leaves the token out. */
    public record OperatorToken(String name, Set<String> roles, String token) {

        public OperatorToken {
            roles = roles.contains(OperatorRoles.ADMIN) ? Set.copyOf(OperatorRoles.ALL) : Set.copyOf(roles);
        }

        @Override
        public String toString() {
            return "OperatorToken[name=" + name + ", roles=" + roles + "]";
        }
    }

    private OperatorTokenList() {
    }

    /** @throws IllegalArgumentException naming the first bad entry (position from 1, and its name when readable) */
    public static List<OperatorToken> parse(String value) {
        List<OperatorToken> tokens = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return tokens;
        }
        Set<String> names = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            String where = "TAPBOT_OPERATOR_TOKENS entry " + (i + 1);
            String[] parts = entry.split(":", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + " is not name:role+role:token");
            }
            String name = parts[0];
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ": the name must be 1-40 characters of a-z 0-9 . _ -");
            }
            where += " ('" + name + "')";
            Set<String> roles = new LinkedHashSet<>();
            for (String role : parts[1].split("\\+", -1)) {
                if (!OperatorRoles.ALL.contains(role)) {
                    throw new IllegalArgumentException(where + ": unknown role '" + role + "' (the roles: "
                            + String.join(", ", OperatorRoles.ALL) + ")");
                }
                roles.add(role);
            }
            if (!TOKEN.matcher(parts[2]).matches()) {
                throw new IllegalArgumentException(where + ": the token must be at least " + MIN_TOKEN_LENGTH
                        + " characters, without commas, colons or spaces");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(where + ": the name is used twice");
            }
            if (!secrets.add(parts[2])) {
                throw new IllegalArgumentException(where + ": the token is the same as an earlier entry's");
            }
            tokens.add(new OperatorToken(name, roles, parts[2]));
        }
        return tokens;
    }

    /**
     * What a log must never show of such a value, even a malformed one: each entry's token (what follows its
     * second colon) and each entry as a whole.
     */
    public static List<String> secretsIn(String value) {
        List<String> secrets = new ArrayList<>();
        if (value == null) {
            return secrets;
        }
        for (String entry : value.split(",")) {
            String stripped = entry.strip();
            secrets.add(stripped);
            String[] parts = stripped.split(":", 3);
            if (parts.length == 3) {
                secrets.add(parts[2]);
            }
        }
        return secrets;
    }
}
