package kz.tapbot.platform.operator;

/** Where the operator API lives: every path under /api. */
final class OperatorApi {

    private OperatorApi() {
    }

    static boolean covers(String path) {
        return path != null && (path.equals("/api") || path.startsWith("/api/"));
    }

    /** The bearer token of an Authorization header value, or null. */
    static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
