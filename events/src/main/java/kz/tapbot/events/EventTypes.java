package kz.tapbot.events;

/** CloudEvent types (ce_type). A breaking change to a payload gets a new version suffix. */
public final class EventTypes {
    /** {@link BotUpdate} on bot.updates. */
    public static final String UPDATE_RECEIVED = "kz.tapbot.bot.update.received.v1";
    /** {@link BotMessage} on bot.messages. */
    public static final String MESSAGE_UNDERSTOOD = "kz.tapbot.bot.message.understood.v1";
    /** {@link BotReply} on bot.replies. */
    public static final String REPLY_REQUESTED = "kz.tapbot.bot.reply.requested.v1";

    /** {@link AiRequest} on ai.requests. */
    public static final String AI_REQUESTED = "kz.tapbot.ai.request.received.v1";

    /** {@link TaxiBookingChanged} on taxi.bookings, one type per status. */
    public static final String TAXI_BOOKING_REQUESTED = "kz.tapbot.taxi.booking.requested.v1";
    public static final String TAXI_BOOKING_CONFIRMED = "kz.tapbot.taxi.booking.confirmed.v1";
    public static final String TAXI_BOOKING_CANCELLED = "kz.tapbot.taxi.booking.cancelled.v1";
    public static final String TAXI_BOOKING_COMPLETED = "kz.tapbot.taxi.booking.completed.v1";

    /** {@link ApartmentBookingChanged} on apartment.bookings, one type per status. */
    public static final String APARTMENT_BOOKING_REQUESTED = "kz.tapbot.apartment.booking.requested.v1";
    public static final String APARTMENT_BOOKING_CONFIRMED = "kz.tapbot.apartment.booking.confirmed.v1";
    public static final String APARTMENT_BOOKING_DECLINED = "kz.tapbot.apartment.booking.declined.v1";
    public static final String APARTMENT_BOOKING_EXPIRED = "kz.tapbot.apartment.booking.expired.v1";
    public static final String APARTMENT_BOOKING_CANCELLED = "kz.tapbot.apartment.booking.cancelled.v1";

    /** {@link UserErased} on user.erasures. */
    public static final String USER_ERASED = "kz.tapbot.user.erased.v1";

    private EventTypes() {
    }
}
