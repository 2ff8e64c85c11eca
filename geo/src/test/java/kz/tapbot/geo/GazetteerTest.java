package kz.tapbot.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GazetteerTest {

    private final Gazetteer gazetteer = GazetteerLoader.bundled();

    @ParameterizedTest
    @CsvSource({
            "Астану, Astana", "астаны, Astana", "Нур-Султан, Astana", "Алма-Ата, Almaty", "алматы, Almaty",
            "Қарағандыға, Karaganda", "Караганду, Karaganda", "Усть-Каменогорска, Oskemen", "Өскемен, Oskemen",
            "Семея, Semey", "Уральск, Oral", "Орал, Oral", "Петропавловск, Petropavl", "Капшагай, Konaev",
            "shymkent, Shymkent", "Кызылорды, Kyzylorda", "Бишкек, Bishkek", "Туркестан, Turkestan",
            "astane, Astana", "Капшагае, Konaev"})
    void knowsCitiesInAnyCaseFormAndOldName(String said, String canonical) {
        assertEquals(canonical, gazetteer.find(said).orElseThrow().name());
    }

    @Test
    void knowsAllTwentyFourCitiesOfTheNluContract() {
        assertEquals(24, gazetteer.cities().size());
    }

    @Test
    void tellsWhereFromAndWhereToByPrepositionsAndKazakhEndings() {
        List<Gazetteer.Mention> ru = gazetteer.mentions("нужно такси в Астану из Алматы");
        assertEquals("Astana", ru.get(0).city().name());
        assertEquals(Gazetteer.Direction.TO, ru.get(0).direction());
        assertEquals(Gazetteer.Direction.FROM, ru.get(1).direction());
        List<Gazetteer.Mention> kk = gazetteer.mentions("Алматыдан Астанаға ертең");
        assertEquals(Gazetteer.Direction.FROM, kk.get(0).direction());
        assertEquals(Gazetteer.Direction.TO, kk.get(1).direction());
    }

    @Test
    void unrelatedWordsAreNotCities() {
        assertTrue(gazetteer.mentions("семейный отдых на море, велосипед").isEmpty());
    }
}
