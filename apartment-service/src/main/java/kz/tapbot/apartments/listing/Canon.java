package kz.tapbot.apartments.listing;

import java.util.List;

/** The canonical city names and amenities of the NLU contract (../shared/design/NLU.md). */
public final class Canon {

    public static final List<String> CITIES = List.of("Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe", "Taraz",
            "Pavlodar", "Oskemen", "Semey", "Atyrau", "Kostanay", "Kyzylorda", "Oral", "Petropavl", "Aktau", "Temirtau",
            "Turkestan", "Taldykorgan", "Ekibastuz", "Kokshetau", "Zhezkazgan", "Balkhash", "Konaev", "Bishkek");

    public static final List<String> AMENITIES = List.of("wifi", "parking", "balcony", "washer", "kitchen",
            "air_conditioning", "pets", "elevator", "kids");

    private Canon() {
    }
}
