package kz.tapbot.taxi.dialog;

import java.time.LocalDateTime;
import kz.tapbot.taxi.geo.Gazetteer;
import kz.tapbot.taxi.geo.Tariff;

/** What the dialog may know beyond the message: local time in Kazakhstan, whether the user drives, the map. */
public record DialogContext(LocalDateTime now, boolean registeredDriver, Gazetteer gazetteer, Tariff tariff) {
}
