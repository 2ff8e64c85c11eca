package kz.tapbot.vectors;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.function.Supplier;

/**
 * Any {@link VectorStore} with a client span around each call ({@code vector search apartments}, ...), so that a
 * trace shows the time spent in Qdrant or in the embedded index.
 */
public final class TracedVectorStore implements VectorStore {

    private final VectorStore store;
    private final Tracer tracer;
    private final String system;

    public TracedVectorStore(VectorStore store, Tracer tracer) {
        this.store = store;
        this.tracer = tracer;
        this.system = store.getClass().getSimpleName().startsWith("Qdrant") ? "qdrant" : "lucene";
    }

    @Override
    public void createCollection(String collection, int size, Distance distance, Graph graph) {
        traced("create", collection, () -> {
            store.createCollection(collection, size, distance, graph);
            return null;
        });
    }

    @Override
    public void dropCollection(String collection) {
        traced("drop", collection, () -> {
            store.dropCollection(collection);
            return null;
        });
    }

    @Override
    public void upsert(String collection, List<Point> points) {
        traced("upsert", collection, () -> {
            store.upsert(collection, points);
            return null;
        });
    }

    @Override
    public void delete(String collection, List<String> ids) {
        traced("delete", collection, () -> {
            store.delete(collection, ids);
            return null;
        });
    }

    @Override
    public List<ScoredPoint> search(String collection, float[] vector, Filter filter, int limit) {
        return traced("search", collection, () -> store.search(collection, vector, filter, limit));
    }

    @Override
    public long count(String collection) {
        return traced("count", collection, () -> store.count(collection));
    }

    @Override
    public void compact(String collection) {
        traced("compact", collection, () -> {
            store.compact(collection);
            return null;
        });
    }

    @Override
    public void close() {
        store.close();
    }

    private <T> T traced(String operation, String collection, Supplier<T> call) {
        Span span = tracer.spanBuilder("vector " + operation + " " + collection).setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system", system).setAttribute("db.operation.name", operation)
                .setAttribute("db.collection.name", collection).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return call.get();
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            span.recordException(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
