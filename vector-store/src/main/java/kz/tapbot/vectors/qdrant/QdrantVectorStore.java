package kz.tapbot.vectors.qdrant;

import io.qdrant.client.ConditionFactory;
import io.qdrant.client.PointIdFactory;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.ValueFactory;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.JsonWithInt;
import io.qdrant.client.grpc.Points;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kz.tapbot.vectors.Filter;
import kz.tapbot.vectors.Payloads;
import kz.tapbot.vectors.VectorStore;

/** Qdrant through its official Java client (gRPC). Collections, points and filters map one to one. */
public final class QdrantVectorStore implements VectorStore {

    private final QdrantClient client;
    private final int replicationFactor;

    public QdrantVectorStore(String host, int grpcPort) {
        this(host, grpcPort, false, null, 1);
    }

    /**
     * @param apiKey            Qdrant's api key (its {@code service.api_key}), or null when the server has none
     * @param replicationFactor copies of each shard kept by a distributed Qdrant for the collections this store creates
     */
    public QdrantVectorStore(String host, int grpcPort, boolean tls, String apiKey, int replicationFactor) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, was " + replicationFactor);
        }
        // the last flag skips the server-version check, which needs a reachable server at build time
        QdrantGrpcClient.Builder grpc = QdrantGrpcClient.newBuilder(host, grpcPort, tls, false);
        if (apiKey != null && !apiKey.isBlank()) {
            grpc.withApiKey(apiKey);
        }
        this.client = new QdrantClient(grpc.build());
        this.replicationFactor = replicationFactor;
    }

    @Override
    public void createCollection(String collection, int size, Distance distance, Graph graph) {
        if (Boolean.TRUE.equals(await(client.collectionExistsAsync(collection)))) {
            return;
        }
        Collections.VectorParams vectors = Collections.VectorParams.newBuilder().setSize(size)
                .setDistance(distance == Distance.COSINE ? Collections.Distance.Cosine : Collections.Distance.Dot)
                .build();
        await(client.createCollectionAsync(Collections.CreateCollection.newBuilder()
                .setCollectionName(collection)
                .setVectorsConfig(Collections.VectorsConfig.newBuilder().setParams(vectors))
                .setHnswConfig(Collections.HnswConfigDiff.newBuilder()
                        .setM(graph.m()).setEfConstruct(graph.efConstruct()))
                .setReplicationFactor(replicationFactor)
                .build()));
    }

    @Override
    public void dropCollection(String collection) {
        if (Boolean.TRUE.equals(await(client.collectionExistsAsync(collection)))) {
            await(client.deleteCollectionAsync(collection));
        }
    }

    @Override
    public void upsert(String collection, List<Point> points) {
        List<Points.PointStruct> structs = new ArrayList<>();
        for (Point point : points) {
            Points.PointStruct.Builder struct = Points.PointStruct.newBuilder()
                    .setId(PointIdFactory.id(UUID.fromString(point.id())))
                    .setVectors(VectorsFactory.vectors(point.vector()));
            if (point.payload() != null) {
                point.payload().forEach((key, value) -> struct.putPayload(key, value(value)));
            }
            structs.add(struct.build());
        }
        await(client.upsertAsync(collection, structs));
    }

    @Override
    public void delete(String collection, List<String> ids) {
        await(client.deleteAsync(collection, ids.stream().map(id -> PointIdFactory.id(UUID.fromString(id))).toList()));
    }

    @Override
    public List<ScoredPoint> search(String collection, float[] vector, Filter filter, int limit) {
        List<Float> query = new ArrayList<>(vector.length);
        for (float v : vector) {
            query.add(v);
        }
        Points.SearchPoints.Builder search = Points.SearchPoints.newBuilder().setCollectionName(collection)
                .addAllVector(query).setLimit(limit).setWithPayload(WithPayloadSelectorFactory.enable(true));
        if (filter != null) {
            search.setFilter(Common.Filter.newBuilder().addAllMust(conditions(filter)).build());
        }
        List<ScoredPoint> found = new ArrayList<>();
        for (Points.ScoredPoint point : await(client.searchAsync(search.build()))) {
            Map<String, Object> payload = new LinkedHashMap<>();
            point.getPayloadMap().forEach((key, value) -> payload.put(key, plain(value)));
            found.add(new ScoredPoint(point.getId().getUuid(), point.getScore(), Payloads.normalize(payload)));
        }
        return found;
    }

    @Override
    public long count(String collection) {
        return await(client.countAsync(collection));
    }

    /** Qdrant's optimizer merges segments by itself once enough points came in. */
    @Override
    public void compact(String collection) {
        // nothing to do
    }

    @Override
    public void close() {
        client.close();
    }

    private static List<Common.Condition> conditions(Filter filter) {
        List<Common.Condition> conditions = new ArrayList<>();
        if (filter instanceof Filter.Equals equals) {
            conditions.add(ConditionFactory.matchKeyword(equals.key(), equals.value()));
        } else if (filter instanceof Filter.Range range) {
            Common.Range.Builder bounds = Common.Range.newBuilder();
            if (range.gte() != null) {
                bounds.setGte(range.gte());
            }
            if (range.lte() != null) {
                bounds.setLte(range.lte());
            }
            conditions.add(ConditionFactory.range(range.key(), bounds.build()));
        } else if (filter instanceof Filter.GeoRadius geo) {
            conditions.add(ConditionFactory.geoRadius(geo.key(), geo.lat(), geo.lon(), (float) geo.radiusMeters()));
        } else if (filter instanceof Filter.ContainsAll contains) {
            contains.values().forEach(v -> conditions.add(ConditionFactory.matchKeyword(contains.key(), v)));
        } else if (filter instanceof Filter.All all) {
            all.conditions().forEach(c -> conditions.addAll(conditions(c)));
        }
        return conditions;
    }

    private static JsonWithInt.Value value(Object value) {
        if (value instanceof GeoPoint geo) {
            return ValueFactory.value(Map.of("lat", ValueFactory.value(geo.lat()), "lon", ValueFactory.value(geo.lon())));
        }
        if (value instanceof Double || value instanceof Float) {
            return ValueFactory.value(((Number) value).doubleValue());
        }
        if (value instanceof Number number) {
            return ValueFactory.value(number.longValue());
        }
        if (value instanceof List<?> list) {
            return ValueFactory.list(list.stream().map(QdrantVectorStore::value).toList());
        }
        return ValueFactory.value(String.valueOf(value));
    }

    private static Object plain(JsonWithInt.Value value) {
        return switch (value.getKindCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INTEGER_VALUE -> value.getIntegerValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue();
            case LIST_VALUE -> value.getListValue().getValuesList().stream().map(QdrantVectorStore::plain).toList();
            case STRUCT_VALUE -> {
                Map<String, Object> map = new LinkedHashMap<>();
                value.getStructValue().getFieldsMap().forEach((k, v) -> map.put(k, plain(v)));
                yield map;
            }
            default -> null;
        };
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to Qdrant", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Qdrant call failed: " + e.getMessage(), e);
        }
    }
}
