package kz.tapbot.apartments.dialog;

import java.util.List;
import java.util.UUID;
import kz.tapbot.apartments.search.ListingSearch;
import kz.tapbot.apartments.stay.Stay;

/** What the dialog asks the apartment service to do; the service does it and tells the people concerned. */
public sealed interface ApartmentAction {

    /** Show the guest the result at this position of their search (0 is the best match). */
    record ShowResult(ListingSearch.Query query, int position) implements ApartmentAction {
    }

    /** Show the total, the house rules and the cancellation policy before the guest confirms. */
    record ShowSummary(UUID listingId, Stay stay, int guests) implements ApartmentAction {
    }

    record RequestBooking(UUID listingId, Stay stay, int guests) implements ApartmentAction {
    }

    record ShowMyBookings() implements ApartmentAction {
    }

    record CancelBooking(UUID bookingId) implements ApartmentAction {
    }

    /** A landlord's new listing as the dialog gathered it. */
    record AddListing(String city, String address, double lat, double lon, int rooms, int maxGuests,
                      long pricePerNight, List<String> amenities, List<String> photos, String description,
                      boolean instantBook, String contact) implements ApartmentAction {
    }

    record ShowMyListings() implements ApartmentAction {
    }

    record ChangePrice(UUID listingId, long pricePerNight) implements ApartmentAction {
    }

    record Block(UUID listingId, Stay stay) implements ApartmentAction {
    }

    record ShowBlocks(UUID listingId) implements ApartmentAction {
    }

    record Unblock(UUID blockId) implements ApartmentAction {
    }

    record SetPaused(UUID listingId, boolean paused) implements ApartmentAction {
    }

    record ShowStays(UUID listingId) implements ApartmentAction {
    }

    /** The landlord confirms (or declines) a pending request from the notification's buttons. */
    record Answer(UUID bookingId, boolean confirm) implements ApartmentAction {
    }

    /** Something the dialog cannot use: ai-service answers it, ending with the pending question, if any. */
    record HandOver(String step, String pendingQuestion, List<List<kz.tapbot.events.BotReply.Button>> keyboard)
            implements ApartmentAction {
    }
}
