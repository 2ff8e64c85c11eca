package kz.tapbot.vectors.lucene;

import java.io.IOException;
import kz.tapbot.vectors.VectorStore;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's default codec with HNSW vectors wider than its default limit of 1024 dimensions, so the
 * embedded store takes OpenAI's 1536-dimension embeddings as Qdrant does. The format keeps the
 * standard name, so the index is read back by the standard HNSW reader.
 */
final class WideVectorsCodec extends Lucene912Codec {

    static final int MAX_DIMENSIONS = 4096;

    private final KnnVectorsFormat vectors;

    /** Writes graphs with {@code graph}'s links per node and beam width (reading does not depend on them). */
    WideVectorsCodec(VectorStore.Graph graph) {
        vectors = new WideHnsw(graph);
    }

    @Override
    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return vectors;
    }

    private static final class WideHnsw extends KnnVectorsFormat {
        private final KnnVectorsFormat standard;

        WideHnsw(VectorStore.Graph graph) {
            super("Lucene99HnswVectorsFormat");
            standard = new Lucene99HnswVectorsFormat(graph.m(), graph.efConstruct());
        }

        @Override
        public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
            return standard.fieldsWriter(state);
        }

        @Override
        public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
            return standard.fieldsReader(state);
        }

        @Override
        public int getMaxDimensions(String fieldName) {
            return MAX_DIMENSIONS;
        }
    }
}
