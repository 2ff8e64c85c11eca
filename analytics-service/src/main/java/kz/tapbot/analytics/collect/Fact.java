package kz.tapbot.analytics.collect;

import java.time.Instant;

/**
 * What statistics keep of one event: who, where, how much, which status; never a text, a name or a
 * phone number.
 *
 * @param service taxi or apartments, for booking events
 * @param status  a booking's status; for replies "text" or "callback"; for AI requests the intent
 * @param route    "From→To" for taxi bookings
 * @param replyKey what joins a user's message and the bot's replies to it (see V3__reply_latency.sql)
 * @param listingId, checkIn, checkOut the listing and nights an apartment booking holds
 */
public record Fact(String eventId, Instant occurredAt, String eventType, String topic, String bot, Long userId,
                   Long chatId, String service, String bookingId, String status, String city, String route,
                   Long amount, String replyKey, String listingId, java.time.LocalDate checkIn,
                   java.time.LocalDate checkOut) {
}
