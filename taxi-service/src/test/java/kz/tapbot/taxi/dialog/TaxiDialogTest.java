package kz.tapbot.taxi.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import org.junit.jupiter.api.Test;

class TaxiDialogTest {

    private final TaxiDialog dialog = new TaxiDialog();

    private static BotMessage text(String text, String language) {
        return new BotMessage(new BotUpdate("taxi", 42, 42, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(42, "Dana", null, null, language), 1L, text, null, null, null, Instant.now()),
                "unknown", 0, language, Map.of());
    }

    private static BotMessage press(String data) {
        return new BotMessage(new BotUpdate("taxi", 43, 42, BotUpdate.Kind.CALLBACK_QUERY,
                new BotUpdate.User(42, "Dana", null, null, "en"), 5L, null, new BotUpdate.Callback("cb-9", data, 5L),
                null, null, Instant.now()), "unknown", 0, "en", Map.of());
    }

    @Test
    void startGreetsTheUserByNameInTheirLanguageWithTheMenu() {
        BotReply ru = dialog.answer(text("/start", "ru")).get(0);
        assertTrue(ru.text().startsWith("Здравствуйте, Dana!"));
        assertEquals(List.of("book", "help"), ru.inlineKeyboard().stream().map(row -> row.get(0).callbackData()).toList());
        assertNull(ru.callbackQueryId());
        assertTrue(dialog.answer(text("/start", "kk")).get(0).text().startsWith("Сәлеметсіз бе, Dana!"));
        assertTrue(dialog.answer(text("/start", "en")).get(0).text().startsWith("Hello, Dana!"));
    }

    @Test
    void commandAddressedToTheBotByNameIsUnderstood() {
        assertTrue(dialog.answer(text("/help@tapbot_taxi_bot", "en")).get(0).text().startsWith("Commands:"));
    }

    @Test
    void aButtonPressIsAnsweredSoItStopsSpinning() {
        BotReply reply = dialog.answer(press("help")).get(0);
        assertEquals("cb-9", reply.callbackQueryId());
        assertTrue(reply.text().contains("/book"));
    }

    @Test
    void anythingElseGetsAShortRealAnswer() {
        BotReply reply = dialog.answer(text("сколько стоит до Караганды?", "ru")).get(0);
        assertTrue(reply.text().contains("/help"));
        assertEquals(42, reply.chatId());
        assertEquals("taxi", reply.bot());
    }
}
