package kz.tapbot.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kz.tapbot.vectors.embedding.NgramEmbedder;
import org.junit.jupiter.api.Test;

class NgramEmbedderTest {

    private final NgramEmbedder embedder = new NgramEmbedder(768);

    private double similarity(String a, String b) {
        float[] x = embedder.embed(a);
        float[] y = embedder.embed(b);
        double dot = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
        }
        return dot;
    }

    @Test
    void vectorsAreUnitLength() {
        float[] v = embedder.embed("Тихая квартира с балконом рядом с метро");
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        assertEquals(1.0, norm, 1e-5);
        assertEquals(768, v.length);
    }

    @Test
    void wishesAreCloserToTheListingThatHasThemThanToOneThatDoesNot() {
        String wish = "тихо, с балконом, рядом с метро";
        double fitting = similarity(wish, "Тихая квартира с большим балконом, 5 минут до метро");
        double other = similarity(wish, "Студия над ночным клубом, окна на шумный проспект");
        assertTrue(fitting > other + 0.1, fitting + " vs " + other);
    }
}
