package kz.tapbot.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Every timer an alert or a dashboard reads a p99 from publishes histogram buckets on /q/metrics
 * (Prometheus computes quantiles from buckets; Micrometer's default has none): the HTTP server's,
 * SmallRye Reactive Messaging's and TapBot's own (tapbot.*).
 */
public class TimerHistograms {

    @Produces
    @Singleton
    MeterFilter histogramBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                String name = id.getName();
                boolean measured = id.getType() == Meter.Type.TIMER && (name.startsWith("tapbot.")
                        || name.equals("http.server.requests") || name.startsWith("quarkus.messaging."));
                return measured ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config)
                        : config;
            }
        };
    }
}
