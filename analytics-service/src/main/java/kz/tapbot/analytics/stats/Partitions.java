package kz.tapbot.analytics.stats;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import kz.tapbot.platform.cluster.ClusterLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The daily partitions of raw_event: created a week ahead every day (and on demand for an event of a
 * day without one, a replay of old events say), and dropped with their seen ids once older than the
 * retention. The daily upkeep runs on one instance at a time (the cluster lock analytics:partitions):
 * two instances dropping the same partition would fail each other.
 */
@ApplicationScoped
public class Partitions {

    private static final Logger LOG = Logger.getLogger(Partitions.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.BASIC_ISO_DATE;
    private static final int DAYS_AHEAD = 7;

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration retention;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();
    private final ClusterLock cluster;

    Partitions(AgroalDataSource dataSource, Clock clock,
               @ConfigProperty(name = "tapbot.analytics.zone", defaultValue = "Asia/Almaty") ZoneId zone,
               @ConfigProperty(name = "tapbot.analytics.retention", defaultValue = "400d") Duration retention,
               ClusterLock cluster) {
        this.dataSource = dataSource;
        this.cluster = cluster;
        this.clock = clock;
        this.zone = zone;
        this.retention = retention;
    }

    void onStart(@Observes StartupEvent started) {
        maintain();
    }

    /** Creates the coming week's partitions and drops those past the retention; runs daily, and at start. */
    @Scheduled(cron = "${tapbot.analytics.partition-cron:0 5 0 * * ?}")
    public void maintain() {
        cluster.runExclusively("partitions", this::maintainNow);
    }

    private void maintainNow() {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        for (int d = -1; d <= DAYS_AHEAD; d++) {
            ensure(today.plusDays(d));
        }
        dropBefore(today.minusDays(retention.toDays()));
    }

    /** The partition of this day exists afterwards. */
    public void ensure(LocalDate day) {
        if (known.contains(day)) {
            return;
        }
        String sql = "CREATE TABLE IF NOT EXISTS analytics.raw_event_" + NAME.format(day)
                + " PARTITION OF analytics.raw_event FOR VALUES FROM ('" + day.atStartOfDay(zone).toOffsetDateTime()
                + "') TO ('" + day.plusDays(1).atStartOfDay(zone).toOffsetDateTime() + "')";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
            known.add(day);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the partition of " + day, e);
        }
    }

    /** Drops the partitions of days before {@code cutoff}, and forgets their seen ids; returns how many. */
    public int dropBefore(LocalDate cutoff) {
        List<String> old = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT child.relname FROM pg_inherits JOIN pg_class parent ON parent.oid = inhparent"
                        + " JOIN pg_class child ON child.oid = inhrelid JOIN pg_namespace n ON n.oid = parent.relnamespace"
                        + " WHERE n.nspname = 'analytics' AND parent.relname = 'raw_event'");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String name = r.getString(1);
                LocalDate day = LocalDate.parse(name.substring("raw_event_".length()), NAME);
                if (day.isBefore(cutoff)) {
                    old.add(name);
                    known.remove(day);
                }
            }
            try (Statement drop = c.createStatement()) {
                for (String name : old) {
                    drop.execute("DROP TABLE analytics." + name);
                }
            }
            for (String seen : List.of("seen_event", "seen_booking")) {
                try (PreparedStatement forget = c.prepareStatement("DELETE FROM analytics." + seen
                        + " WHERE occurred_at < ?")) {
                    forget.setObject(1, cutoff.atStartOfDay(zone).toOffsetDateTime());
                    forget.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop old partitions", e);
        }
        if (!old.isEmpty()) {
            LOG.infof("dropped %d raw event partitions before %s", old.size(), cutoff);
        }
        return old.size();
    }
}
