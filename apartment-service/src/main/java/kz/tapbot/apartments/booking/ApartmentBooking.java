package kz.tapbot.apartments.booking;

import java.util.UUID;
import kz.tapbot.apartments.stay.Stay;

/** A guest's booking of a listing: its stay, its state, and who to tell. */
public record ApartmentBooking(UUID id, UUID listingId, Stay stay, String status, long guestId, long guestChatId,
                               String guestLanguage, int guests, long total, String guestName) {

    public boolean holdsNights() {
        return "pending".equals(status) || "confirmed".equals(status);
    }
}
