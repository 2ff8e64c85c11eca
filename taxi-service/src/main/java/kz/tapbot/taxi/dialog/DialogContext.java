package kz.tapbot.taxi.dialog;

import java.time.LocalDateTime;
import kz.tapbot.geo.Places;
import kz.tapbot.taxi.geo.Tariff;

/** What the dialog may know beyond the message: local time in Kazakhstan, whether the user drives, the places. */
public record DialogContext(LocalDateTime now, boolean registeredDriver, Places places, Tariff tariff) {
}
