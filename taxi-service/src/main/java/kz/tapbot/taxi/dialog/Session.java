package kz.tapbot.taxi.dialog;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a chat is in the taxi dialog, and what it has said so far (slots by name). Stored as JSON in
 * Redis at session:bot:taxi:{chat}; immutable here: every change makes a new session.
 */
public record Session(State state, String language, Map<String, String> slots) {

    public enum State {
        IDLE,
        ASK_FROM, ASK_TO, ASK_DATE, ASK_SEATS, ASK_PHONE, CONFIRM,
        DRIVER_NAME, DRIVER_CAR, DRIVER_PLATE, DRIVER_PHONE,
        TRIP_FROM, TRIP_TO, TRIP_DATE, TRIP_TIME, TRIP_SEATS, TRIP_PRICE, TRIP_CONFIRM
    }

    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String DATE = "date";
    public static final String TIME = "time";
    public static final String SEATS = "seats";
    public static final String PHONE = "phone";
    public static final String PRICE = "price";
    public static final String NAME = "name";
    public static final String CAR = "car";
    public static final String PLATE = "plate";

    public Session {
        slots = slots == null ? Map.of() : Map.copyOf(slots);
    }

    public static Session fresh() {
        return new Session(State.IDLE, null, Map.of());
    }

    public Session in(State next) {
        return new Session(next, language, slots);
    }

    public Session with(String slot, Object value) {
        Map<String, String> changed = new HashMap<>(slots);
        changed.put(slot, String.valueOf(value));
        return new Session(state, language, changed);
    }

    public Session speaking(String code) {
        return new Session(state, code, slots);
    }

    /** Back to idle, forgetting the draft but keeping the language and the phone number. */
    public Session reset() {
        Map<String, String> kept = new HashMap<>();
        if (slots.containsKey(PHONE)) {
            kept.put(PHONE, slots.get(PHONE));
        }
        return new Session(State.IDLE, language, kept);
    }

    public Optional<String> slot(String name) {
        return Optional.ofNullable(slots.get(name));
    }

    public boolean has(String name) {
        return slots.containsKey(name);
    }

    LocalDate date() {
        return LocalDate.parse(slots.get(DATE));
    }

    LocalTime time() {
        return LocalTime.parse(slots.get(TIME));
    }

    int seats() {
        return Integer.parseInt(slots.get(SEATS));
    }

    long price() {
        return Long.parseLong(slots.get(PRICE));
    }
}
