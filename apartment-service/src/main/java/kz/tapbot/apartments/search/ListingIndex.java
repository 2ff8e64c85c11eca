package kz.tapbot.apartments.search;

import io.opentelemetry.api.trace.Tracer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.vectors.CollectionOpening;
import kz.tapbot.vectors.Filter;
import kz.tapbot.vectors.TracedVectorStore;
import kz.tapbot.vectors.VectorStore;
import kz.tapbot.vectors.VectorStores;
import kz.tapbot.vectors.embedding.NgramEmbedder;
import kz.tapbot.vectors.embedding.TextEmbedder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The `apartments` vector collection (seed: 768 dims, Dot; payload apartment_id, location geo, price,
 * amenities), kept in step with PostgreSQL, which stays the source of truth: a listing is indexed
 * when it is imported or changed, and the whole collection can be rebuilt from the database.
 */
@ApplicationScoped
public class ListingIndex {

    static final String COLLECTION = "apartments";

    /** Words that describe each canonical amenity, so wishes typed in words match them. */
    private static final Map<String, String> AMENITY_WORDS = Map.of(
            "wifi", "wifi вайфай интернет", "parking", "парковка parking тұрақ", "balcony", "балкон balcony",
            "washer", "стиральная машина washer", "kitchen", "кухня kitchen", "air_conditioning", "кондиционер",
            "pets", "можно с животными собака кошка pets", "elevator", "лифт elevator", "kids", "дети детская кроватка kids");

    private static final System.Logger LOG = System.getLogger(ListingIndex.class.getName());

    @ConfigProperty(name = "tapbot.apartments.vectors.qdrant-url")
    Optional<String> qdrantUrl;

    @ConfigProperty(name = "tapbot.apartments.vectors.data-dir")
    String dataDir;

    @ConfigProperty(name = "tapbot.apartments.vectors.size", defaultValue = "768")
    int size;

    /**
     * The collection, opened in the background as the service starts, beside its Kafka channels: a search or an
     * import that comes first waits for it, and the service is not ready until it is open ({@link IndexReadiness}).
     * An instance sharing another one's embedded index directory is refused there and stops, as it did when this ran
     * on the main thread.
     */
    private final CollectionOpening opening = new CollectionOpening(COLLECTION, () -> Quarkus.asyncExit(1));

    /** Compacts after a rebuild without holding up the caller: 100,000 listings take minutes to merge. */
    private final ExecutorService compaction = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "listing-index-compaction");
        thread.setDaemon(true);
        return thread;
    });

    /** Compactions asked for and not yet finished; requests made while one waits to start are folded into it. */
    private final AtomicInteger compactionsPending = new AtomicInteger();

    @Inject
    MeterRegistry metrics;

    @Inject
    Tracer tracer;
    private TextEmbedder embedder;

    @Inject
    ListingRepository listings;

    /** Starts opening the collection, first of the startup observers. */
    void open(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent started) {
        embedder = new NgramEmbedder(size);
        opening.start(() -> {
            VectorStore store = new TracedVectorStore(VectorStores.open(qdrantUrl.orElse(null), Path.of(dataDir)),
                    tracer);
            store.createCollection(COLLECTION, size, VectorStore.Distance.DOT);
            if (store.count(COLLECTION) == 0) {
                // a new instance with its own embedded index (or an empty Qdrant) builds it from PostgreSQL before its
                // first search, instead of answering "nothing found" until an operator reindexes
                rebuild(store);
            }
            return store;
        });
    }

    /** True once the collection is open (and, if it was empty, rebuilt). */
    public boolean isOpen() {
        return opening.isOpen();
    }

    /**
     * Indexes every listing that is not archived, from PostgreSQL (the source of truth), and returns how many. The
     * index then compacts in the background; searches meanwhile use the segments the rebuild left.
     */
    public int rebuild() {
        return rebuild(opening.store());
    }

    private int rebuild(VectorStore store) {
        int indexed = 0;
        for (java.util.UUID id : listings.allIds()) {
            Optional<Listing> listing = listings.find(id);
            if (listing.isPresent() && !Listing.ARCHIVED.equals(listing.get().status())) {
                index(store, listing.get());
                indexed++;
            }
        }
        compactLater();
        return indexed;
    }

    /** True while a compaction asked for by a rebuild has not finished. */
    public boolean compacting() {
        return compactionsPending.get() > 0;
    }

    // one segment: the filters (city, price, guests) then narrow one graph instead of many small segments
    private void compactLater() {
        if (compactionsPending.getAndUpdate(pending -> Math.min(pending + 1, 2)) == 2) {
            return; // one runs and one waits: the waiting one will also cover what this rebuild wrote
        }
        compaction.execute(() -> {
            try {
                long started = System.nanoTime();
                opening.store().compact(COLLECTION);
                LOG.log(System.Logger.Level.INFO, "vector collection {0} compacted in {1} ms", COLLECTION,
                        (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                // closed at shutdown, or a disk error: the index stays as it was, searchable, only in more segments
                LOG.log(System.Logger.Level.WARNING, "vector collection {0} not compacted: {1}", COLLECTION, e.toString());
            } finally {
                compactionsPending.decrementAndGet();
            }
        });
    }

    void close(@Observes ShutdownEvent shutdown) {
        compaction.shutdown(); // not interrupted: closing the store aborts a running merge, and the task ends with it
        opening.close();
    }

    public void index(Listing listing) {
        index(opening.store(), listing);
    }

    private void index(VectorStore store, Listing listing) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("apartment_id", listing.id().toString());
        payload.put("city", listing.city());
        payload.put("price", listing.pricePerNight());
        payload.put("max_guests", (long) listing.maxGuests());
        payload.put("amenities", listing.amenities());
        payload.put("status", listing.status());
        if (listing.lat() != null && listing.lon() != null) {
            payload.put("location", new VectorStore.GeoPoint(listing.lat(), listing.lon()));
        }
        store.upsert(COLLECTION, List.of(new VectorStore.Point(listing.id().toString(),
                embedder.embed(describe(listing)), payload)));
    }

    /** Takes a listing out of search (archived). */
    public void remove(java.util.UUID listingId) {
        opening.store().delete(COLLECTION, List.of(listingId.toString()));
    }

    public List<VectorStore.ScoredPoint> nearest(String wishes, Filter filter, int limit) {
        float[] vector = embedder.embed(wishes);
        return metrics.timer("tapbot.vector.search", "collection", COLLECTION)
                .record(() -> opening.store().search(COLLECTION, vector, filter, limit));
    }

    public long size() {
        return opening.store().count(COLLECTION);
    }

    static String describe(Listing listing) {
        StringBuilder text = new StringBuilder().append(listing.title()).append(". ");
        if (listing.district() != null) {
            text.append(listing.district()).append(". ");
        }
        if (listing.description() != null) {
            text.append(listing.description()).append(". ");
        }
        listing.amenities().forEach(a -> text.append(AMENITY_WORDS.getOrDefault(a, a)).append(". "));
        return text.toString();
    }
}
