package kz.tapbot.gateway.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.List;
import kz.tapbot.gateway.GatewayTestResources;
import kz.tapbot.testing.OperatorEndpointsContract;
import kz.tapbot.testing.OperatorTestTokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Every operator endpoint of bot-gateway, as its OpenAPI document lists them, refuses a token without its role. */
@QuarkusTest
@QuarkusTestResource(GatewayTestResources.class)
@TestProfile(OperatorTestTokens.Profile.class)
class OperatorEndpointsSecurityTest {

    @TestHTTPResource("/")
    URL service;

    @ConfigProperty(name = "tapbot.admin.token")
    String adminToken;

    @Test
    void everyOperatorEndpointNeedsATokenHoldingItsRole() {
        List<OperatorEndpointsContract.Operation> checked =
                new OperatorEndpointsContract(service.toString(), adminToken, OperatorTestTokens::tokenFor).verify();
        assertEquals(List.of("POST /api/users/{userId}/erasure [privacy]"),
                checked.stream().filter(op -> op.path().equals("/api/users/{userId}/erasure")).map(op -> op + " " + op.roles()).sorted().toList());
    }
}
