package kz.tapbot.apartments.listing;

import java.util.List;
import java.util.UUID;

/**
 * An apartment for daily rent, as the landlord described it (and the language the bot speaks to them). The address and the landlord's contact
 * are the guest's only once a booking is confirmed; prices are whole tenge per night.
 */
public record Listing(UUID id, String externalId, Long landlordId, Long landlordChatId, String title, String city,
                      String district, String address, Double lat, Double lon, int rooms, int maxGuests,
                      long pricePerNight, List<String> amenities, String description, List<String> photos,
                      boolean instantBook, int freeCancellationDays, String status, String landlordContact,
                      String houseRules, Double rating, String landlordLanguage) {

    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String ARCHIVED = "archived";

    public Listing {
        amenities = amenities == null ? List.of() : List.copyOf(amenities);
        photos = photos == null ? List.of() : List.copyOf(photos);
    }

    public boolean fits(int guests) {
        return guests >= 1 && guests <= maxGuests;
    }

    public boolean isActive() {
        return ACTIVE.equals(status);
    }

    public boolean isOwnedBy(long telegramId) {
        return landlordId != null && landlordId == telegramId;
    }

    public Listing withStatus(String newStatus) {
        return new Listing(id, externalId, landlordId, landlordChatId, title, city, district, address, lat, lon, rooms,
                maxGuests, pricePerNight, amenities, description, photos, instantBook, freeCancellationDays, newStatus,
                landlordContact, houseRules, rating, landlordLanguage);
    }

    public Listing withPrice(long newPricePerNight) {
        return new Listing(id, externalId, landlordId, landlordChatId, title, city, district, address, lat, lon, rooms,
                maxGuests, newPricePerNight, amenities, description, photos, instantBook, freeCancellationDays, status,
                landlordContact, houseRules, rating, landlordLanguage);
    }
}
