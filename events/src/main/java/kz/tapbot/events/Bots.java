package kz.tapbot.events;

/** The bots TapBot runs, by the name used in events, URLs and configuration. */
public final class Bots {
    public static final String TAXI = "taxi";
    public static final String APARTMENTS = "apartments";

    private Bots() {
    }
}
