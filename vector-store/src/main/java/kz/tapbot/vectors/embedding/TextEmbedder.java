package kz.tapbot.vectors.embedding;

/** Turns text into a vector for similarity search. */
public interface TextEmbedder {

    int dimensions();

    /** A unit-length vector (so DOT and COSINE rank alike). */
    float[] embed(String text);
}
