package kz.tapbot.vectors.embedding;

import java.nio.charset.StandardCharsets;
import kz.tapbot.geo.KazakhText;
import java.util.zip.CRC32;

/**
 * The offline default embedder: words and character trigrams of the text, hashed with a sign into
 * {@code dimensions} buckets, then normalised. It needs no model and no network, works the same for
 * Russian, Kazakh and English (word stems share trigrams: "балкон", "балконом", "балконы"), and is
 * what ranks listings by the guest's wishes until a real model is configured.
 */
public final class NgramEmbedder implements TextEmbedder {

    private final int dimensions;

    public NgramEmbedder(int dimensions) {
        if (dimensions < 16) {
            throw new IllegalArgumentException("at least 16 dimensions");
        }
        this.dimensions = dimensions;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public float[] embed(String text) {
        float[] vector = new float[dimensions];
        String normalized = KazakhText.fold(text == null ? "" : text);
        for (String word : normalized.split("[^\\p{L}\\p{N}]+")) {
            if (word.length() < 2) {
                continue;
            }
            add(vector, "w:" + word, 1.0f);
            String padded = "^" + word + "$";
            for (int i = 0; i + 3 <= padded.length(); i++) {
                add(vector, "t:" + padded.substring(i, i + 3), 0.5f);
            }
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (norm == 0) {
            vector[0] = 1;
            return vector;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    private void add(float[] vector, String feature, float weight) {
        CRC32 crc = new CRC32();
        crc.update(feature.getBytes(StandardCharsets.UTF_8));
        long hash = crc.getValue();
        int bucket = (int) (hash % dimensions);
        vector[bucket] += ((hash >>> 31) & 1) == 0 ? weight : -weight;
    }
}
