package kz.tapbot.apartments.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import kz.tapbot.apartments.listing.Canon;
import kz.tapbot.apartments.search.ListingSearch;
import kz.tapbot.apartments.stay.Stay;
import kz.tapbot.platform.operator.OperatorRoles;
import kz.tapbot.platform.web.Problem;

/** Exactly the search the bot runs, with the scores, so operators can see why a guest was shown what. */
@Path("/api/search")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({OperatorRoles.SUPPORT, OperatorRoles.CONTENT})
public class SearchResource {

    private final ListingSearch search;

    SearchResource(ListingSearch search) {
        this.search = search;
    }

    @GET
    public Response search(@QueryParam("city") String city, @QueryParam("checkIn") String checkIn,
                           @QueryParam("checkOut") String checkOut, @QueryParam("guests") Integer guests,
                           @QueryParam("budgetMax") Long budgetMax, @QueryParam("amenities") String amenities,
                           @QueryParam("wishes") String wishes, @QueryParam("near") String near,
                           @QueryParam("radiusKm") Double radiusKm, @QueryParam("limit") Integer limit) {
        if (city == null || !Canon.CITIES.contains(city)) {
            return Problem.response(Response.Status.BAD_REQUEST, "city must be a canonical name: " + Canon.CITIES);
        }
        Stay stay = null;
        if (checkIn != null || checkOut != null) {
            try {
                stay = new Stay(LocalDate.parse(checkIn), LocalDate.parse(checkOut));
            } catch (DateTimeParseException | NullPointerException | IllegalArgumentException e) {
                return Problem.response(Response.Status.BAD_REQUEST,
                        "checkIn and checkOut are ISO dates, check-out after check-in, at most " + Stay.MAX_NIGHTS + " nights");
            }
        }
        List<String> wanted = amenities == null || amenities.isBlank() ? List.of()
                : Arrays.stream(amenities.split(",")).map(String::trim).toList();
        if (!Canon.AMENITIES.containsAll(wanted)) {
            return Problem.response(Response.Status.BAD_REQUEST, "amenities must come from " + Canon.AMENITIES);
        }
        Double lat = null;
        Double lon = null;
        if (near != null) {
            String[] parts = near.split(",");
            try {
                lat = Double.parseDouble(parts[0]);
                lon = Double.parseDouble(parts[1]);
            } catch (RuntimeException e) {
                return Problem.response(Response.Status.BAD_REQUEST, "near is lat,lon");
            }
        }
        int shown = limit == null ? 10 : Math.max(1, Math.min(limit, 50));
        return Response.ok(search.search(new ListingSearch.Query(city, stay, guests, budgetMax, wanted, wishes, lat, lon,
                radiusKm, shown))).build();
    }
}
