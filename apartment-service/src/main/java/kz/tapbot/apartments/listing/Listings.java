package kz.tapbot.apartments.listing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.apartments.search.ListingIndex;

/**
 * Adds and changes listings, keeping the search index in step with PostgreSQL (the source of truth):
 * paused listings stay indexed but filtered out; archived ones leave the index.
 */
@ApplicationScoped
public class Listings {

    private final ListingRepository repository;
    private final ListingIndex index;

    Listings(ListingRepository repository, ListingIndex index) {
        this.repository = repository;
        this.index = index;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Listing add(Listing listing) {
        repository.insert(listing);
        index.index(listing);
        return listing;
    }

    /** Replaces a listing's description (owner and id stay); empty if there is no such listing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Listing> replace(Listing listing) {
        if (!repository.update(listing)) {
            return Optional.empty();
        }
        reindex(listing);
        return Optional.of(listing);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Listing> changePrice(UUID id, long pricePerNight) {
        return repository.find(id).flatMap(l -> replace(l.withPrice(pricePerNight)));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Listing> changeStatus(UUID id, String status) {
        return repository.find(id).flatMap(l -> replace(l.withStatus(status)));
    }

    private void reindex(Listing listing) {
        if (Listing.ARCHIVED.equals(listing.status())) {
            index.remove(listing.id());
        } else {
            index.index(listing);
        }
    }
}
