package kz.tapbot.apartments.dialog;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a chat is in the apartment dialog and what it has said so far (slots by name). Stored as JSON
 * in Redis at session:bot:apartments:{chat}; immutable here: every change makes a new session.
 */
public record Session(State state, String language, Map<String, String> slots) {

    public enum State {
        IDLE,
        // a guest searching and booking
        CITY, CHECK_IN, CHECK_OUT, GUESTS, BUDGET, WISHES, RESULTS, BOOKING,
        // a landlord adding a listing
        NEW_CITY, NEW_ADDRESS, NEW_LOCATION, NEW_ROOMS, NEW_GUESTS, NEW_PRICE, NEW_AMENITIES, NEW_PHOTOS,
        NEW_DESCRIPTION, NEW_INSTANT, NEW_CONTACT, NEW_CONFIRM,
        // a landlord managing a listing
        EDIT_PRICE, BLOCK_FROM, BLOCK_TO
    }

    public static final String CITY = "city";
    public static final String CHECK_IN = "checkIn";
    public static final String CHECK_OUT = "checkOut";
    public static final String GUESTS = "guests";
    public static final String BUDGET = "budget";
    public static final String WISHES = "wishes";
    public static final String AMENITIES = "amenities";
    public static final String LISTING = "listing";
    public static final String ADDRESS = "address";
    public static final String LAT = "lat";
    public static final String LON = "lon";
    public static final String ROOMS = "rooms";
    public static final String PRICE = "price";
    public static final String PHOTOS = "photos";
    public static final String DESCRIPTION = "description";
    public static final String INSTANT = "instant";
    public static final String CONTACT = "contact";
    public static final String BLOCK_FROM = "blockFrom";
    /** Slots kept when the dialog starts over: a landlord gives their contact once. */
    private static final List<String> KEPT = List.of(CONTACT);

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

    public Session without(String slot) {
        Map<String, String> changed = new HashMap<>(slots);
        changed.remove(slot);
        return new Session(state, language, changed);
    }

    public Session speaking(String code) {
        return new Session(state, code, slots);
    }

    /** Back to idle, forgetting the draft but keeping the language and a landlord's contact. */
    public Session reset() {
        Map<String, String> kept = new HashMap<>();
        KEPT.forEach(slot -> Optional.ofNullable(slots.get(slot)).ifPresent(value -> kept.put(slot, value)));
        return new Session(State.IDLE, language, kept);
    }

    public Optional<String> slot(String name) {
        return Optional.ofNullable(slots.get(name));
    }

    public boolean has(String name) {
        return slots.containsKey(name);
    }

    LocalDate date(String slot) {
        return LocalDate.parse(slots.get(slot));
    }

    int number(String slot) {
        return Integer.parseInt(slots.get(slot));
    }

    /** A list slot (amenities, photos), kept as lines. */
    List<String> list(String slot) {
        String value = slots.get(slot);
        return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split("\n"));
    }

    Session withList(String slot, List<String> values) {
        return with(slot, String.join("\n", values));
    }
}
