package kz.tapbot.apartments.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.apartments.ApartmentSettings;
import kz.tapbot.apartments.listing.Canon;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.apartments.listing.Listings;
import kz.tapbot.apartments.search.ListingIndex;
import kz.tapbot.apartments.seed.SeedListings;
import kz.tapbot.apartments.stay.StayCalendar;
import kz.tapbot.platform.operator.OperatorRoles;
import kz.tapbot.platform.web.Ids;
import kz.tapbot.platform.web.Problem;

/**
 * Operators create, read, change, archive and import listings; every change reaches the search index
 * at once. Listings are archived rather than deleted, so the stays they had keep their history.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ListingsResource {

    /**
     * A listing as operators send it (import, create, replace); re-importing the same externalId updates
     * it. houseRules and rating are optional.
     */
    public record ListingInput(String externalId, String title, String city, String district, String address,
                               Double lat, Double lon, Integer rooms, Integer maxGuests, Long pricePerNight,
                               List<String> amenities, String description, Boolean instantBook, List<String> photos,
                               String houseRules, Double rating) {
    }

    private final ListingRepository listings;
    private final Listings changes;
    private final ListingIndex index;
    private final StayCalendar calendar;
    private final Clock clock;
    private final ApartmentSettings settings;

    ListingsResource(ListingRepository listings, Listings changes, ListingIndex index, StayCalendar calendar, Clock clock,
                     ApartmentSettings settings) {
        this.listings = listings;
        this.changes = changes;
        this.index = index;
        this.calendar = calendar;
        this.clock = clock;
        this.settings = settings;
    }

    @GET
    @Path("/listings")
    @RolesAllowed({OperatorRoles.SUPPORT, OperatorRoles.CONTENT})
    public Response page(@QueryParam("city") String city, @QueryParam("status") String status,
                         @QueryParam("limit") @DefaultValue("50") int limit, @QueryParam("offset") @DefaultValue("0") int offset) {
        if (city != null && !Canon.CITIES.contains(city)) {
            return Problem.response(Response.Status.BAD_REQUEST, "city must be a canonical name: " + Canon.CITIES);
        }
        if (status != null && !List.of(Listing.ACTIVE, Listing.PAUSED, Listing.ARCHIVED).contains(status)) {
            return Problem.response(Response.Status.BAD_REQUEST, "status is active, paused or archived");
        }
        if (limit < 1 || limit > 500 || offset < 0) {
            return Problem.response(Response.Status.BAD_REQUEST, "limit is 1 to 500, offset 0 or more");
        }
        return Response.ok(listings.page(city, status, limit, offset)).build();
    }

    @POST
    @Path("/listings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @RolesAllowed(OperatorRoles.CONTENT)
    public Response create(ListingInput input) {
        String invalid = invalid(input, false);
        if (invalid != null) {
            return Problem.response(Response.Status.BAD_REQUEST, invalid);
        }
        if (input.externalId() != null && listings.findByExternalId(input.externalId()).isPresent()) {
            return Problem.response(Response.Status.CONFLICT,
                    "a listing with externalId '" + input.externalId() + "' exists: PUT it or import it");
        }
        Listing listing = changes.add(toListing(UUID.randomUUID(), input, null, null, null, null, Listing.ACTIVE));
        return Response.created(URI.create("/api/listings/" + listing.id())).entity(listing).build();
    }

    @GET
    @Path("/listings/{id}")
    @RolesAllowed({OperatorRoles.SUPPORT, OperatorRoles.CONTENT})
    public Response listing(@PathParam("id") String id) {
        Optional<UUID> uuid = Ids.uuid(id);
        if (uuid.isEmpty()) {
            return notAnId(id);
        }
        return listings.find(uuid.get()).map(l -> Response.ok(l).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no listing " + id));
    }

    /** Replaces what describes a listing; its owner, contact and status stay as they are. */
    @PUT
    @Path("/listings/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @RolesAllowed(OperatorRoles.CONTENT)
    public Response replace(@PathParam("id") String id, ListingInput input) {
        Optional<UUID> uuid = Ids.uuid(id);
        if (uuid.isEmpty()) {
            return notAnId(id);
        }
        Optional<Listing> existing = listings.find(uuid.get());
        if (existing.isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "no listing " + id);
        }
        String invalid = invalid(input, false);
        if (invalid != null) {
            return Problem.response(Response.Status.BAD_REQUEST, invalid);
        }
        Listing old = existing.get();
        Listing described = toListing(old.id(), input, old.landlordId(), old.landlordChatId(), old.landlordContact(),
                old.landlordLanguage(), old.status());
        // the cancellation terms guests booked under stay as they were
        Listing changed = new Listing(described.id(), described.externalId(), described.landlordId(),
                described.landlordChatId(), described.title(), described.city(), described.district(), described.address(),
                described.lat(), described.lon(), described.rooms(), described.maxGuests(), described.pricePerNight(),
                described.amenities(), described.description(), described.photos(), described.instantBook(),
                old.freeCancellationDays(), described.status(), described.landlordContact(), described.houseRules(),
                described.rating(), described.landlordLanguage());
        return Response.ok(changes.replace(changed).orElseThrow()).build();
    }

    /** Archives a listing: out of search and the bots; refused while it has upcoming bookings. */
    @DELETE
    @Path("/listings/{id}")
    @Transactional
    @RolesAllowed(OperatorRoles.CONTENT)
    public Response archive(@PathParam("id") String id) {
        Optional<UUID> uuid = Ids.uuid(id);
        if (uuid.isEmpty()) {
            return notAnId(id);
        }
        if (listings.find(uuid.get()).isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "no listing " + id);
        }
        int upcoming = calendar.upcomingAt(uuid.get(), LocalDate.now(clock.withZone(settings.zone()))).size();
        if (upcoming > 0) {
            return Problem.response(Response.Status.CONFLICT, "the listing has " + upcoming
                    + " upcoming booking(s): cancel them or pause the listing instead");
        }
        changes.changeStatus(uuid.get(), Listing.ARCHIVED);
        return Response.noContent().build();
    }

    @POST
    @Path("/listings/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @RolesAllowed(OperatorRoles.CONTENT)
    public Response importListings(List<ListingInput> batch) {
        if (batch == null || batch.isEmpty()) {
            return Problem.response(Response.Status.BAD_REQUEST, "send a JSON array of listings");
        }
        for (int i = 0; i < batch.size(); i++) {
            String invalid = invalid(batch.get(i), true);
            if (invalid != null) {
                return Problem.response(Response.Status.BAD_REQUEST, "listing " + i + ": " + invalid + "; nothing was imported");
            }
        }
        List<String> ids = new ArrayList<>();
        for (ListingInput input : batch) {
            UUID id = listings.importListing(toListing(UUID.randomUUID(), input, null, null, null, null, Listing.ACTIVE));
            index.index(listings.find(id).orElseThrow());
            ids.add(id.toString());
        }
        return Response.ok(Map.of("imported", ids.size(), "ids", ids)).build();
    }

    /** Loads the generated seed listings (Almaty, Astana, Shymkent) so the local stack has something to show. */
    @POST
    @Path("/admin/seed")
    @Transactional
    @RolesAllowed(OperatorRoles.ADMIN)
    public Response seed(@QueryParam("count") @DefaultValue("210") int count) {
        if (count < 1 || count > 5000) {
            return Problem.response(Response.Status.BAD_REQUEST, "count must be 1 to 5000");
        }
        return importListings(SeedListings.generate(count, 2026));
    }

    /**
     * Rebuilds the vector collection from PostgreSQL, the source of truth (after a model change, say); it answers once
     * every listing is indexed, and the collection then compacts in the background ({@code compacting}).
     */
    @POST
    @Path("/admin/reindex")
    @RolesAllowed(OperatorRoles.ADMIN)
    public Map<String, Object> reindex() {
        int indexed = index.rebuild();
        return Map.of("indexed", indexed, "collectionSize", index.size(), "compacting", index.compacting());
    }

    private Listing toListing(UUID id, ListingInput l, Long landlordId, Long landlordChatId, String contact,
                              String language, String status) {
        return new Listing(id, l.externalId(), landlordId, landlordChatId, l.title(), l.city(), l.district(), l.address(),
                l.lat(), l.lon(), l.rooms(), l.maxGuests(), l.pricePerNight(), l.amenities(), l.description(), l.photos(),
                Boolean.TRUE.equals(l.instantBook()), settings.freeCancellationDays(), status, contact, l.houseRules(),
                l.rating(), language);
    }

    private static Response notAnId(String id) {
        return Problem.response(Response.Status.BAD_REQUEST, "'" + id + "' is not a listing id (a UUID)");
    }

    private static String invalid(ListingInput l, boolean externalIdRequired) {
        if (l == null) {
            return "send a listing as a JSON object";
        }
        if (externalIdRequired && (l.externalId() == null || l.externalId().isBlank())) {
            return "externalId is required";
        }
        if (l.title() == null || l.title().isBlank()) {
            return "title is required";
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
        if (l.rating() != null && (l.rating() < 1 || l.rating() > 5)) {
            return "rating is 1.0 to 5.0";
        }
        return null;
    }
}
