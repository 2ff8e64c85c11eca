package kz.tapbot.apartments.seed;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import kz.tapbot.apartments.api.ListingsResource.ListingInput;

/**
 * Generates realistic listings for the local stack and tests (not scraped): Almaty, Astana and
 * Shymkent, real districts near their real centres, prices by city and size, amenities and a
 * description that says them in words. Deterministic: the same seed gives the same listings.
 */
public final class SeedListings {

    private record District(String city, String name, double lat, double lon) {
    }

    private static final List<District> DISTRICTS = List.of(
            new District("Almaty", "Медеуский", 43.2380, 76.9450), new District("Almaty", "Бостандыкский", 43.2150, 76.9050),
            new District("Almaty", "Алмалинский", 43.2500, 76.9100), new District("Almaty", "Ауэзовский", 43.2300, 76.8500),
            new District("Astana", "Есиль", 51.1280, 71.4300), new District("Astana", "Алматы", 51.1450, 71.4700),
            new District("Astana", "Сарыарка", 51.1800, 71.4100), new District("Astana", "Байконур", 51.1650, 71.4500),
            new District("Shymkent", "Аль-Фарабийский", 42.3200, 69.5900), new District("Shymkent", "Енбекшинский", 42.3400, 69.6000),
            new District("Shymkent", "Абайский", 42.3000, 69.5600));

    private static final String[] AMENITIES = {"wifi", "parking", "balcony", "washer", "kitchen", "air_conditioning",
            "pets", "elevator", "kids"};
    private static final String[] PHRASES = {"Wi-Fi 100 Мбит", "своя парковка во дворе", "просторный балкон",
            "стиральная машина", "полностью оборудованная кухня", "кондиционер в каждой комнате",
            "можно с собакой или кошкой", "лифт в доме", "детская кроватка и стульчик"};
    private static final String[] NEAR = {"рядом с метро", "рядом с парком", "в двух шагах от ТРЦ", "вид на горы",
            "тихий двор", "у набережной", "рядом с вокзалом", "центр, шумная улица", "рядом с университетом"};
    private static final String[] KIND = {"Студия", "Однокомнатная квартира", "Двухкомнатная квартира",
            "Трёхкомнатная квартира", "Четырёхкомнатная квартира"};

    private SeedListings() {
    }

    public static List<ListingInput> generate(int count, long seed) {
        Random random = new Random(seed);
        List<ListingInput> listings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            District district = DISTRICTS.get(i % DISTRICTS.size());
            int rooms = 1 + random.nextInt(4);
            List<String> amenities = new ArrayList<>();
            StringBuilder description = new StringBuilder();
            for (int a = 0; a < AMENITIES.length; a++) {
                if (random.nextDouble() < 0.4) {
                    amenities.add(AMENITIES[a]);
                    description.append(PHRASES[a]).append(", ");
                }
            }
            String near = NEAR[random.nextInt(NEAR.length)];
            description.append(near).append('.');
            long base = switch (district.city()) {
                case "Almaty" -> 14_000;
                case "Astana" -> 13_000;
                default -> 10_000;
            };
            long price = (base + rooms * 4_000L + random.nextInt(8) * 1_000L) / 500 * 500;
            String title = KIND[rooms == 1 && random.nextBoolean() ? 0 : rooms] + ", " + district.name() + " район, "
                    + near;
            double rating = Math.round((3.8 + random.nextDouble() * 1.2) * 10) / 10.0;
            listings.add(new ListingInput("seed-" + district.city().toLowerCase() + "-" + i, title, district.city(),
                    district.name(), "ул. Примерная " + (1 + random.nextInt(200)),
                    round(district.lat() + random.nextGaussian() * 0.01), round(district.lon() + random.nextGaussian() * 0.015),
                    rooms, Math.min(8, rooms * 2), price, amenities, description.toString(), random.nextDouble() < 0.3,
                    List.of("https://photos.tapbot.kz/seed/" + i + ".jpg"), null, rating));
        }
        return listings;
    }

    private static double round(double value) {
        return Math.round(value * 1e5) / 1e5;
    }
}
