package kz.tapbot.apartments.search;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.apartments.stay.Stay;
import kz.tapbot.vectors.Filter;
import kz.tapbot.vectors.VectorStore;

/**
 * The search the bot runs (and GET /api/search shows): listings in the city that fit the guests and
 * budget, have every asked amenity, are within reach of a point if one is given, and are free for the
 * whole stay; ranked by how well they match the wishes (vector similarity), then by price.
 */
@ApplicationScoped
public class ListingSearch {

    /** What a guest asks for; everything but the city may be absent. */
    public record Query(String city, Stay stay, Integer guests, Long budgetMax, List<String> amenities, String wishes,
                        Double nearLat, Double nearLon, Double radiusKm, int limit) {
    }

    /** A listing shown to the guest, with why: its similarity to the wishes, and the stay's total. */
    public record Result(Listing listing, double score, Long total) {
    }

    private final ListingIndex index;
    private final ListingRepository listings;

    ListingSearch(ListingIndex index, ListingRepository listings) {
        this.index = index;
        this.listings = listings;
    }

    public List<Result> search(Query query) {
        List<Filter> conditions = new ArrayList<>();
        conditions.add(new Filter.Equals("city", query.city()));
        conditions.add(new Filter.Equals("status", "active"));
        if (query.guests() != null) {
            conditions.add(new Filter.Range("max_guests", (double) query.guests(), null));
        }
        if (query.budgetMax() != null) {
            conditions.add(new Filter.Range("price", null, (double) query.budgetMax()));
        }
        if (query.amenities() != null && !query.amenities().isEmpty()) {
            conditions.add(new Filter.ContainsAll("amenities", query.amenities()));
        }
        if (query.nearLat() != null && query.nearLon() != null) {
            conditions.add(new Filter.GeoRadius("location", query.nearLat(), query.nearLon(),
                    (query.radiusKm() == null ? 3.0 : query.radiusKm()) * 1000));
        }
        String wishes = query.wishes() == null || query.wishes().isBlank() ? query.city() : query.wishes();
        // more candidates than shown: some are taken on those dates
        List<VectorStore.ScoredPoint> candidates = index.nearest(wishes, new Filter.All(conditions),
                Math.max(query.limit() * 5, 50));
        List<UUID> ids = candidates.stream().map(p -> UUID.fromString(p.id())).toList();
        Set<UUID> taken = query.stay() == null || ids.isEmpty() ? Set.of()
                : listings.takenDuring(ids, query.stay().checkIn(), query.stay().checkOut());
        List<Result> results = new ArrayList<>();
        for (VectorStore.ScoredPoint candidate : candidates) {
            UUID id = UUID.fromString(candidate.id());
            if (taken.contains(id)) {
                continue;
            }
            listings.find(id).filter(Listing::isActive).ifPresent(listing -> results.add(new Result(listing,
                    Math.round(candidate.score() * 1000) / 1000.0,
                    query.stay() == null ? null : query.stay().total(listing.pricePerNight()))));
        }
        results.sort(Comparator.comparingDouble((Result r) -> -r.score())
                .thenComparingLong(r -> r.listing().pricePerNight()));
        return results.size() > query.limit() ? results.subList(0, query.limit()) : results;
    }
}
