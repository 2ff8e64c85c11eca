package kz.tapbot.ai.nlu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LanguagesTest {

    @ParameterizedTest
    @CsvSource({
            "нужно такси в Астану, ru",
            "Ертең Астанаға барамын, kk",
            "такси керек ертен, kk",
            "taksi iz almaty v astanu zavtra, ru",
            "I need a ride to Astana tomorrow, en"})
    void theLanguageIsReadFromTheText(String text, String language) {
        assertEquals(language, Languages.of(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/start", "/mybookings", "+7 701 123 45 67", "https://photos.example.kz/1.jpg", "43.24, 76.91",
            "Kokshetau", "ok"})
    void textThatDoesNotShowItsLanguageLeavesItToTheCaller(String text) {
        assertNull(Languages.of(text));
    }
}
