package kz.tapbot.ai.openai;

import java.util.ArrayList;
import java.util.List;
import kz.tapbot.vectors.embedding.TextEmbedder;

/** OpenAI embeddings (text-embedding-3-small: 1536 dimensions) behind the vector-store's embedder interface. */
public final class OpenAiEmbedder implements TextEmbedder {

    private static final int BATCH = 100;

    private final OpenAiClient client;
    private final String model;
    private final int dimensions;

    public OpenAiEmbedder(OpenAiClient client, String model, int dimensions) {
        this.client = client;
        this.model = model;
        this.dimensions = dimensions;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += BATCH) {
            for (float[] v : client.embed(model, texts.subList(from, Math.min(texts.size(), from + BATCH)))) {
                if (v.length != dimensions) {
                    throw new OpenAiUnavailableException(model + " gave " + v.length + " dimensions, not " + dimensions);
                }
                vectors.add(unit(v));
            }
        }
        return vectors;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
