package kz.tapbot.apartments.api;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.tapbot.apartments.listing.Canon;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.apartments.search.ListingIndex;
import kz.tapbot.platform.web.Problem;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Operators load and read listings; every change is indexed for search at once. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "operator", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "operator")
public class ListingsResource {

    /** One listing of an import; re-importing the same externalId updates it. */
    public record ImportedListing(String externalId, String title, String city, String district, String address,
                                  Double lat, Double lon, Integer rooms, Integer maxGuests, Long pricePerNight,
                                  List<String> amenities, String description, Boolean instantBook, List<String> photos) {
    }

    private final ListingRepository listings;
    private final ListingIndex index;

    ListingsResource(ListingRepository listings, ListingIndex index) {
        this.listings = listings;
        this.index = index;
    }

    @POST
    @Path("/listings/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response importListings(List<ImportedListing> batch) {
        if (batch == null || batch.isEmpty()) {
            return Problem.response(Response.Status.BAD_REQUEST, "send a JSON array of listings");
        }
        for (int i = 0; i < batch.size(); i++) {
            String invalid = invalid(batch.get(i));
            if (invalid != null) {
                return Problem.response(Response.Status.BAD_REQUEST, "listing " + i + ": " + invalid + "; nothing was imported");
            }
        }
        List<String> ids = new ArrayList<>();
        for (ImportedListing l : batch) {
            UUID id = listings.importListing(new Listing(UUID.randomUUID(), l.externalId(), null, null, l.title(), l.city(),
                    l.district(), l.address(), l.lat(), l.lon(), l.rooms(), l.maxGuests(), l.pricePerNight(),
                    l.amenities() == null ? List.of() : l.amenities(), l.description(),
                    l.photos() == null ? List.of() : l.photos(), Boolean.TRUE.equals(l.instantBook()), 3, "active"));
            index.index(listings.find(id).orElseThrow());
            ids.add(id.toString());
        }
        return Response.ok(Map.of("imported", ids.size(), "ids", ids)).build();
    }

    @GET
    @Path("/listings/{id}")
    public Response listing(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Problem.response(Response.Status.BAD_REQUEST, "'" + id + "' is not a listing id (a UUID)");
        }
        return listings.find(uuid).map(l -> Response.ok(l).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no listing " + id));
    }

    /** Loads the generated seed listings (Almaty, Astana, Shymkent) so the local stack has something to show. */
    @POST
    @Path("/admin/seed")
    @Transactional
    public Response seed(@jakarta.ws.rs.QueryParam("count") @jakarta.ws.rs.DefaultValue("210") int count) {
        if (count < 1 || count > 5000) {
            return Problem.response(Response.Status.BAD_REQUEST, "count must be 1 to 5000");
        }
        return importListings(kz.tapbot.apartments.seed.SeedListings.generate(count, 2026));
    }

    /** Rebuilds the vector collection from PostgreSQL, the source of truth (after a model change, say). */
    @POST
    @Path("/admin/reindex")
    public Map<String, Object> reindex() {
        int indexed = 0;
        for (UUID id : listings.allIds()) {
            listings.find(id).ifPresent(index::index);
            indexed++;
        }
        return Map.of("indexed", indexed, "collectionSize", index.size());
    }

    private static String invalid(ImportedListing l) {
        if (l.externalId() == null || l.externalId().isBlank() || l.title() == null || l.title().isBlank()) {
            return "externalId and title are required";
        }
        if (!Canon.CITIES.contains(l.city())) {
            return "city must be a canonical name: " + Canon.CITIES;
        }
        if (l.rooms() == null || l.rooms() < 1 || l.maxGuests() == null || l.maxGuests() < 1) {
            return "rooms and maxGuests must be at least 1";
        }
        if (l.pricePerNight() == null || l.pricePerNight() <= 0) {
            return "pricePerNight must be a positive number of tenge";
        }
        if (l.amenities() != null && !Canon.AMENITIES.containsAll(l.amenities())) {
            return "amenities must come from " + Canon.AMENITIES;
        }
        if ((l.lat() == null) != (l.lon() == null) || l.lat() != null && (Math.abs(l.lat()) > 90 || Math.abs(l.lon()) > 180)) {
            return "lat and lon go together and must be valid coordinates";
        }
        return null;
    }
}
