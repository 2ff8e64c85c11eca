package kz.tapbot.taxi.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Set;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.OperatorTestTokens;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;

/**
 * An operator endpoint whose author forgot @RolesAllowed is refused to everyone, the admin token included: the
 * operator API fails closed. (The endpoint below exists for this test only, hidden from the OpenAPI document.)
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(OperatorTestTokens.Profile.class)
class UndeclaredRolesTest {

    @Path("/api/test-only/undeclared")
    public static class Undeclared {
        @GET
        @Operation(hidden = true)
        public String open() {
            return "served";
        }
    }

    @Test
    void anOperatorEndpointWithoutRolesIsRefusedEvenToTheAdmin() {
        given().get("/api/test-only/undeclared").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("tapbot-local-admin").get("/api/test-only/undeclared").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("declares no role"));
        given().auth().oauth2(OperatorTestTokens.tokenFor(Set.of("support"))).get("/api/test-only/undeclared")
                .then().statusCode(403);
    }
}
