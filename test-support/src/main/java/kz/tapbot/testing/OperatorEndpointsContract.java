package kz.tapbot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The operator API's access rules, checked on every operation a service's OpenAPI document (/q/openapi) lists
 * under /api, so a new endpoint is checked without anyone adding it here:
 * <ul>
 * <li>the operation names the roles that may call it (the scopes of its bearer security requirement);</li>
 * <li>no token: 401 problem+json with {@code WWW-Authenticate: Bearer};</li>
 * <li>an unknown token: 401 likewise;</li>
 * <li>a token holding every role except those: 403 problem+json naming a role it needs;</li>
 * <li>the admin token: neither 401 nor 403.</li>
 * </ul>
 * Path and query parameters get a value no endpoint accepts ({@value #PROBE}), and bodies are {@code {}}, so the
 * admin's calls are refused as bad input rather than doing anything (no seed, no erasure).
 */
public final class OperatorEndpointsContract {

    public static final String PROBE = "contract-probe";
    private static final String ADMIN = "admin";

    /** One operation of the document. */
    public record Operation(String method, String path, List<String> roles) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final String baseUrl;
    private final String adminToken;
    private final Function<Set<String>, String> tokenFor;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private JsonNode cached;

    /**
     * @param baseUrl the service, e.g. http://localhost:8081
     * @param adminToken TAPBOT_ADMIN_TOKEN
     * @param tokenFor a token holding exactly the given roles (never admin)
     */
    public OperatorEndpointsContract(String baseUrl, String adminToken, Function<Set<String>, String> tokenFor) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.adminToken = adminToken;
        this.tokenFor = tokenFor;
    }

    /** Checks every /api operation; throws an AssertionError listing every violation. Returns what was checked. */
    public List<Operation> verify() {
        List<Operation> operations = operations();
        List<String> violations = new ArrayList<>();
        if (operations.isEmpty()) {
            violations.add("the OpenAPI document lists no operation under /api: nothing was checked");
        }
        for (Operation operation : operations) {
            check(operation, violations);
        }
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " operator API violation(s):\n  " + String.join("\n  ", violations));
        }
        return operations;
    }

    /** The operations under /api of /q/openapi, each with the roles of its bearer security requirement. */
    public List<Operation> operations() {
        JsonNode document = document();
        List<Operation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().equals("/api") && !path.getKey().startsWith("/api/")) {
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!List.of("get", "put", "post", "delete", "patch").contains(method.getKey())) {
                    continue;
                }
                Set<String> roles = new LinkedHashSet<>();
                JsonNode security = method.getValue().has("security") ? method.getValue().path("security")
                        : document.path("security");
                for (JsonNode requirement : security) {
                    requirement.fields().forEachRemaining(scheme -> scheme.getValue().forEach(role -> roles.add(role.asText())));
                }
                operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), List.copyOf(roles)));
            }
        }
        return operations;
    }

    private void check(Operation operation, List<String> violations) {
        if (operation.roles().isEmpty()) {
            violations.add(operation + " lists no role: its endpoint needs @RolesAllowed, and no @SecurityRequirement"
                    + " of its own (an explicit one replaces the roles Quarkus lists)");
            return;
        }
        expectUnauthorized(operation, null, "without a token", violations);
        expectUnauthorized(operation, "unknown-" + UUID.randomUUID(), "with an unknown token", violations);

        Set<String> others = new LinkedHashSet<>(OperatorTestTokens.ROLES);
        others.removeAll(operation.roles());
        if (operation.roles().contains(ADMIN) || !others.isEmpty()) {
            HttpResponse<String> lacking = call(operation, tokenFor.apply(others));
            if (lacking.statusCode() != 403 || !isProblem(lacking)
                    || operation.roles().stream().noneMatch(role -> lacking.body().contains(role))) {
                violations.add(operation + " with a token of " + others + " (lacking " + operation.roles()
                        + "): expected 403 problem+json naming a needed role, got " + describe(lacking));
            }
        }
        HttpResponse<String> admin = call(operation, adminToken);
        if (admin.statusCode() == 401 || admin.statusCode() == 403) {
            violations.add(operation + " with the admin token: got " + describe(admin));
        }
    }

    private void expectUnauthorized(Operation operation, String token, String how, List<String> violations) {
        HttpResponse<String> response = call(operation, token);
        boolean challenged = response.headers().allValues("WWW-Authenticate").stream()
                .anyMatch(value -> value.regionMatches(true, 0, "Bearer", 0, 6));
        if (response.statusCode() != 401 || !isProblem(response) || !challenged) {
            violations.add(operation + " " + how + ": expected 401 problem+json with WWW-Authenticate: Bearer, got "
                    + describe(response));
        }
    }

    private HttpResponse<String> call(Operation operation, String token) {
        String path = operation.path().replaceAll("\\{[^}/]+}", PROBE);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path + probeQuery(operation)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        boolean hasBody = List.of("POST", "PUT", "PATCH").contains(operation.method());
        if (hasBody) {
            request.header("Content-Type", "application/json");
        }
        request.method(operation.method(), hasBody ? HttpRequest.BodyPublishers.ofString("{}")
                : HttpRequest.BodyPublishers.noBody());
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(operation + " could not be called", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every query parameter the operation declares, with a value no endpoint accepts. */
    private String probeQuery(Operation operation) {
        JsonNode parameters = document().path("paths").path(operation.path()).path(operation.method().toLowerCase(Locale.ROOT))
                .path("parameters");
        List<String> query = new ArrayList<>();
        for (JsonNode parameter : parameters) {
            if ("query".equals(parameter.path("in").asText())) {
                query.add(URLEncoder.encode(parameter.path("name").asText(), StandardCharsets.UTF_8) + "=" + PROBE);
            }
        }
        return query.isEmpty() ? "" : "?" + String.join("&", query);
    }

    private JsonNode document() {
        if (cached == null) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/q/openapi?format=json")).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new AssertionError("/q/openapi answered " + response.statusCode());
                }
                cached = json.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException("/q/openapi could not be read", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return cached;
    }

    private static boolean isProblem(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
    }

    private static String describe(HttpResponse<String> response) {
        String body = response.body().length() > 300 ? response.body().substring(0, 300) + "..." : response.body();
        return response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("(no content type)")
                + " " + body;
    }
}
