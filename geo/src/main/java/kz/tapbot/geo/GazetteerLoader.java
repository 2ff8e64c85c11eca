package kz.tapbot.geo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Reads the bundled gazetteer (geo/kz-cities.json: the 24 cities of the NLU contract). */
public final class GazetteerLoader {

    private GazetteerLoader() {
    }

    public static Gazetteer bundled() {
        try (InputStream in = GazetteerLoader.class.getResourceAsStream("/geo/kz-cities.json")) {
            List<City> cities = new ObjectMapper().readValue(in, new TypeReference<List<City>>() { });
            return new Gazetteer(cities);
        } catch (IOException e) {
            throw new IllegalStateException("the bundled gazetteer cannot be read", e);
        }
    }
}
