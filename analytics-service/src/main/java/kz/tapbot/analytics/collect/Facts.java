package kz.tapbot.analytics.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventIds;
import kz.tapbot.platform.messaging.MalformedEventException;

/** Reads the {@link Fact} out of an event of any topic the service collects. */
final class Facts {

    private Facts() {
    }

    static Fact of(String topic, CloudEvent event, ObjectMapper json) {
        JsonNode data;
        try {
            data = json.readTree(event.data());
        } catch (IOException e) {
            throw new MalformedEventException("data is not JSON", e);
        }
        Instant at = event.time() != null ? event.time() : Instant.now();
        switch (topic) {
            case Topics.BOT_UPDATES:
                return new Fact(event.id(), at, event.type(), topic, text(data, "bot"), number(data.at("/user/id")),
                        number(data.path("chatId")), null, null, null, null, null, null,
                        EventIds.derived(event.id(), "understood"), null, null, null);
            case Topics.BOT_REPLIES:
                return new Fact(event.id(), at, event.type(), topic, text(data, "bot"), null, number(data.path("chatId")),
                        null, null, data.hasNonNull("text") ? "text" : "callback", null, null, null, text(data, "inReplyTo"), null, null, null);
            case Topics.TAXI_BOOKINGS:
                return new Fact(event.id(), at, event.type(), topic, "taxi", number(data.path("passengerId")), null, "taxi",
                        text(data, "bookingId"), text(data, "status"), text(data, "fromCity"),
                        text(data, "fromCity") + "→" + text(data, "toCity"), number(data.path("totalPrice")), null, null,
                        null, null);
            case Topics.APARTMENT_BOOKINGS:
                return new Fact(event.id(), at, event.type(), topic, "apartments", number(data.path("guestId")), null,
                        "apartments", text(data, "bookingId"), text(data, "status"), text(data, "city"), null,
                        number(data.path("totalPrice")), null, text(data, "listingId"), day(data, "checkIn"),
                        day(data, "checkOut"));
            case Topics.AI_REQUESTS:
                return new Fact(event.id(), at, event.type(), topic, data.at("/update/bot").asText(null),
                        number(data.at("/update/user/id")), number(data.at("/update/chatId")), null, null,
                        text(data, "intent"), null, null, null, null, null, null, null);
            default:
                throw new MalformedEventException("not a topic analytics collects: " + topic);
        }
    }

    private static String text(JsonNode data, String field) {
        return data.hasNonNull(field) ? data.get(field).asText() : null;
    }

    private static java.time.LocalDate day(JsonNode data, String field) {
        try {
            return data.hasNonNull(field) ? java.time.LocalDate.parse(data.get(field).asText()) : null;
        } catch (RuntimeException e) {
            throw new MalformedEventException(field + " is not a date");
        }
    }

    private static Long number(JsonNode value) {
        return value == null || value.isMissingNode() || value.isNull() ? null : value.asLong();
    }
}
