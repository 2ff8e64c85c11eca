package kz.tapbot.vectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One shape for payload values read back from either engine: Long, Double, String, List<String>, GeoPoint. */
public final class Payloads {

    private Payloads() {
    }

    public static Map<String, Object> normalize(Map<String, ?> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((key, value) -> out.put(key, value(value)));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Object value(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Map<?, ?> map && map.containsKey("lat") && map.containsKey("lon")) {
            return new VectorStore.GeoPoint(((Number) map.get("lat")).doubleValue(), ((Number) map.get("lon")).doubleValue());
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(value(item)));
            return out;
        }
        return value;
    }
}
