package kz.tapbot.ai.understanding;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import kz.tapbot.ai.nlu.Parse;
import kz.tapbot.ai.nlu.Parser;
import kz.tapbot.ai.openai.OpenAiSettings;
import kz.tapbot.ai.openai.UserLimit;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.platform.dialog.Language;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Understands updates: with OpenAI on, the model reads the text and the embedded parser checks it, or
 * reads it itself when the model is slow, failing or the user is over their limit; without OpenAI, the
 * embedded parser alone. A button press passes through untouched (the dialog
 * reads its data); a message that does not show its language (a command, a contact, a location, a
 * link) keeps the user's Telegram language.
 */
@ApplicationScoped
public class Understander {

    private final Parser parser = Parser.bundled();
    private final Clock clock;
    private final ZoneId zone;
    private final OpenAiSettings openAi;
    private final UserLimit userLimit;
    private final ModelReader model;

    @Inject
    MeterRegistry metrics;

    Understander(Clock clock, @ConfigProperty(name = "tapbot.ai.zone", defaultValue = "Asia/Almaty") ZoneId zone,
                 OpenAiSettings openAi, UserLimit userLimit, ModelReader model) {
        this.clock = clock;
        this.zone = zone;
        this.openAi = openAi;
        this.userLimit = userLimit;
        this.model = model;
    }

    public Understanding understand(BotUpdate update) {
        String telegramLanguage = Language.of(update.user().languageCode()).code();
        if (update.callback() != null || update.text() == null || update.text().isBlank()) {
            return new Understanding("unknown", 0.0, telegramLanguage, Map.of());
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        Parse parse = readByModel(update, now).orElseGet(() -> parse(update.text(), update.bot(), now));
        return new Understanding(parse.intent(), parse.confidence(),
                parse.language() == null ? telegramLanguage : parse.language(), parse.entities());
    }

    /** With OpenAI on and the user within their limit, the model reads the text; else empty. */
    private java.util.Optional<Parse> readByModel(BotUpdate update, ZonedDateTime now) {
        if (!openAi.enabled() || !openAi.extraction() || !userLimit.allow(update.user().id())) {
            return java.util.Optional.empty();
        }
        return model.read(parser, update.text(), update.bot(), now);
    }

    /** The embedded parser, timed as tapbot_nlu_parse_seconds (for /nlu/parse and for every update it reads). */
    public Parse parse(String text, String bot, ZonedDateTime now) {
        return metrics.timer("tapbot.nlu.parse").record(() -> parser.parse(text, bot, now));
    }
}
