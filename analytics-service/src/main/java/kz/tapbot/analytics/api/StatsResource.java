package kz.tapbot.analytics.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import kz.tapbot.analytics.stats.Rollups;
import kz.tapbot.analytics.stats.Statistics;
import kz.tapbot.platform.operator.OperatorRoles;
import kz.tapbot.platform.web.Problem;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Operators read the statistics of a date range (days in Kazakhstan's time) and rebuild the rollups. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    private static final int MAX_DAYS = 400;

    private final Statistics statistics;
    private final Rollups rollups;
    private final Clock clock;
    private final ZoneId zone;

    StatsResource(Statistics statistics, Rollups rollups, Clock clock,
                  @ConfigProperty(name = "tapbot.analytics.zone", defaultValue = "Asia/Almaty") ZoneId zone) {
        this.statistics = statistics;
        this.rollups = rollups;
        this.clock = clock;
        this.zone = zone;
    }

    /** A date range: both ISO days, from not after to, at most 400 days; default the last 30 days of the zone. */
    private record Range(LocalDate from, LocalDate to, String problem) {
    }

    private Range range(String from, String to) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        try {
            LocalDate end = to == null ? today : LocalDate.parse(to);
            LocalDate start = from == null ? end.minusDays(29) : LocalDate.parse(from);
            if (start.isAfter(end) || ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
                return new Range(null, null, "from must not be after to, and the range is at most " + MAX_DAYS + " days");
            }
            return new Range(start, end, null);
        } catch (DateTimeParseException e) {
            return new Range(null, null, "from and to are ISO days, e.g. 2026-11-25");
        }
    }

    @GET
    @Path("/stats/overview")
    @RolesAllowed(OperatorRoles.ANALYST)
    public Response overview(@QueryParam("from") String from, @QueryParam("to") String to) {
        Range range = range(from, to);
        if (range.problem() != null) {
            return Problem.response(Response.Status.BAD_REQUEST, range.problem());
        }
        return Response.ok(statistics.overview(range.from(), range.to())).build();
    }

    @GET
    @Path("/stats/daily")
    @RolesAllowed(OperatorRoles.ANALYST)
    public Response daily(@QueryParam("metric") String metric, @QueryParam("dimension") String dimension,
                          @QueryParam("from") String from, @QueryParam("to") String to) {
        if (metric == null || !Statistics.METRICS.contains(metric)) {
            return Problem.response(Response.Status.BAD_REQUEST, "metric is one of " + Statistics.METRICS);
        }
        Range range = range(from, to);
        if (range.problem() != null) {
            return Problem.response(Response.Status.BAD_REQUEST, range.problem());
        }
        return Response.ok(statistics.daily(metric, dimension, range.from(), range.to())).build();
    }

    @GET
    @Path("/stats/top")
    @RolesAllowed(OperatorRoles.ANALYST)
    public Response top(@QueryParam("from") String from, @QueryParam("to") String to) {
        Range range = range(from, to);
        if (range.problem() != null) {
            return Problem.response(Response.Status.BAD_REQUEST, range.problem());
        }
        return Response.ok(Map.of("routes", statistics.top("route_requests", range.from(), range.to(), 10),
                "cities", statistics.top("city_requests", range.from(), range.to(), 10))).build();
    }

    /** Recomputes the rollups of the days from..to from the raw events: the same figures as collected. */
    @POST
    @Path("/admin/rollups/rebuild")
    @RolesAllowed(OperatorRoles.ADMIN)
    public Response rebuild(@QueryParam("from") String from, @QueryParam("to") String to) {
        if (from == null || to == null) {
            return Problem.response(Response.Status.BAD_REQUEST, "from and to are required");
        }
        Range range = range(from, to);
        if (range.problem() != null) {
            return Problem.response(Response.Status.BAD_REQUEST, range.problem());
        }
        rollups.rebuild(range.from(), range.to());
        return Response.ok(Map.of("rebuilt", Map.of("from", range.from().toString(), "to", range.to().toString()))).build();
    }
}
