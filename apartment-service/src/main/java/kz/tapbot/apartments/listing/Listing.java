package kz.tapbot.apartments.listing;

import java.util.List;
import java.util.UUID;

/** An apartment for daily rent, as the landlord described it. */
public record Listing(UUID id, String externalId, Long landlordId, Long landlordChatId, String title, String city,
                      String district, String address, Double lat, Double lon, int rooms, int maxGuests,
                      long pricePerNight, List<String> amenities, String description, List<String> photos,
                      boolean instantBook, int freeCancellationDays, String status) {

    public boolean fits(int guests) {
        return guests >= 1 && guests <= maxGuests;
    }

    public boolean isActive() {
        return "active".equals(status);
    }
}
