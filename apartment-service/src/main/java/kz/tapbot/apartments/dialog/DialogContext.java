package kz.tapbot.apartments.dialog;

import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import kz.tapbot.geo.Places;
import kz.tapbot.platform.geocoding.Geocoder;

/**
 * What the dialog may know beyond the message: today in Kazakhstan, the places it reads city names
 * with, and a way to find an address on the map (empty when no geocoder is configured or it fails).
 */
public record DialogContext(LocalDate today, Places places, Function<String, Optional<Geocoder.Point>> locate) {
}
