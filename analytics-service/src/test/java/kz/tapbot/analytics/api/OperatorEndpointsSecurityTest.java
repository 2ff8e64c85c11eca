package kz.tapbot.analytics.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.List;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.OperatorEndpointsContract;
import kz.tapbot.testing.OperatorTestTokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Every operator endpoint of analytics-service, as its OpenAPI document lists them, refuses a token without its role. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
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
        assertEquals(List.of("GET /api/stats/overview [analyst]"),
                checked.stream().filter(op -> op.path().equals("/api/stats/overview")).map(op -> op + " " + op.roles()).sorted().toList());
    }
}
