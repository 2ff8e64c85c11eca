package kz.tapbot.platform.operator;

import java.util.List;

/**
 * The roles of the operator API (/api/...), named in each endpoint's {@code @RolesAllowed}. A token holding
 * {@link #ADMIN} holds every role.
 */
public final class OperatorRoles {

    /** Reads conversations, bookings, trips, calendars; acts on a booking for a customer (cancel, confirm, decline). */
    public static final String SUPPORT = "support";
    /** What is offered: listings (create, replace, archive, import), calendar blocks, trips, FAQ entries. */
    public static final String CONTENT = "content";
    /** Statistics and the n8n workflows fed by the events. */
    public static final String ANALYST = "analyst";
    /** Erasing a user's personal data. */
    public static final String PRIVACY = "privacy";
    /** The jobs under /api/admin (seed, reindex, rollups rebuild), and every other role. */
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(SUPPORT, CONTENT, ANALYST, PRIVACY, ADMIN);

    private OperatorRoles() {
    }
}
