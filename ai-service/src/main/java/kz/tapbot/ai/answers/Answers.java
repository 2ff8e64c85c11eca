package kz.tapbot.ai.answers;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import kz.tapbot.events.AiRequest;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.platform.dialog.Language;

/**
 * Answers a message a bot's dialog handed over: the knowledge base's closest entry in the user's
 * language, or an honest "I did not get that" with what the bot can do; then the question the dialog
 * is waiting on, with its buttons, so the conversation goes on where it was.
 */
@ApplicationScoped
public class Answers {

    private final KnowledgeBase knowledge;

    Answers(KnowledgeBase knowledge) {
        this.knowledge = knowledge;
    }

    public BotReply answer(AiRequest request) {
        BotUpdate update = request.update();
        Language language = Language.of(request.language());
        String text = update.text() == null ? "" : update.text();
        String said;
        if ("greeting".equals(request.intent())) {
            said = language.pick("Здравствуйте!", "Сәлеметсіз бе!", "Hello!");
        } else {
            Optional<KnowledgeBase.Match> match = text.isBlank() ? Optional.empty() : knowledge.best(text);
            said = match.map(m -> m.entry().answerIn(language.code())).orElseGet(() -> notUnderstood(update.bot(), language));
        }
        String full = request.pendingQuestion() == null ? said : said + "\n\n" + request.pendingQuestion();
        String callback = update.callback() == null ? null : update.callback().id();
        return new BotReply(update.bot(), update.chatId(), full, request.pendingKeyboard(), null, null, callback, null, null);
    }

    private static String notUnderstood(String bot, Language language) {
        return "apartments".equals(bot)
                ? language.pick("Не совсем понял. Я помогаю снять квартиру посуточно и сдать свою: напишите город и даты "
                        + "или нажмите кнопку.", "Толық түсінбедім. Мен тәулікке пәтер табуға және жалға беруге көмектесемін: "
                        + "қала мен күндерді жазыңыз.", "I did not quite get that. I help rent apartments by the night and "
                        + "rent out your own: write a city and dates, or press a button.")
                : language.pick("Не совсем понял. Я помогаю найти место в машине между городами или опубликовать поездку: "
                        + "напишите, откуда и куда, или нажмите кнопку.", "Толық түсінбедім. Мен қалааралық сапарға орын "
                        + "табуға көмектесемін: қайдан және қайда екенін жазыңыз.", "I did not quite get that. I help find a "
                        + "seat in a car between cities or publish a trip: write from where to where, or press a button.");
    }
}
