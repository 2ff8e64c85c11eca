package kz.tapbot.apartments.search;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** /q/health/ready: down until the `apartments` collection, opened in the background at start, is open. */
@Readiness
@ApplicationScoped
public class IndexReadiness implements HealthCheck {

    private final ListingIndex index;

    IndexReadiness(ListingIndex index) {
        this.index = index;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("vector collections")
                .withData(ListingIndex.COLLECTION, index.isOpen() ? "open" : "opening")
                .status(index.isOpen())
                .build();
    }
}
