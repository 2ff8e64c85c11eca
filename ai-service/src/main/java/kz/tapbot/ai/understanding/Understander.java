package kz.tapbot.ai.understanding;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import kz.tapbot.ai.nlu.Parse;
import kz.tapbot.ai.nlu.Parser;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.platform.dialog.Language;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Understands updates with the embedded parser. A button press passes through untouched (the dialog
 * reads its data); a message that does not show its language (a command, a contact, a location, a
 * link) keeps the user's Telegram language.
 */
@ApplicationScoped
public class Understander {

    private final Parser parser = Parser.bundled();
    private final Clock clock;
    private final ZoneId zone;

    Understander(Clock clock, @ConfigProperty(name = "tapbot.ai.zone", defaultValue = "Asia/Almaty") ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    public Understanding understand(BotUpdate update) {
        String telegramLanguage = Language.of(update.user().languageCode()).code();
        if (update.callback() != null || update.text() == null || update.text().isBlank()) {
            return new Understanding("unknown", 0.0, telegramLanguage, Map.of());
        }
        Parse parse = parse(update.text(), update.bot(), ZonedDateTime.now(clock.withZone(zone)));
        return new Understanding(parse.intent(), parse.confidence(),
                parse.language() == null ? telegramLanguage : parse.language(), parse.entities());
    }

    public Parse parse(String text, String bot, ZonedDateTime now) {
        return parser.parse(text, bot, now);
    }
}
