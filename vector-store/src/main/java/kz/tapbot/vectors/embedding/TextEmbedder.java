package kz.tapbot.vectors.embedding;

/** Turns text into a vector for similarity search. */
public interface TextEmbedder {

    int dimensions();

    /** A unit-length vector (so DOT and COSINE rank alike). */
    float[] embed(String text);

    /** Many texts at once (a remote model takes them in one call); in order. */
    default java.util.List<float[]> embedAll(java.util.List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }
}
