package kz.tapbot.ai.answers;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import kz.tapbot.ai.history.DialogHistory;
import kz.tapbot.ai.openai.OpenAiClient;
import kz.tapbot.events.AiRequest;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.platform.dialog.Language;

/**
 * Answers a message a bot's dialog handed over: with OpenAI, the model writes it from the knowledge
 * base's closest entries and the chat's recent history; without (or when the model is unavailable),
 * the closest entry itself in the user's language, or an honest "I did not get that". Then the question
 * the dialog is waiting on, with its buttons, so the conversation goes on where it was.
 */
@ApplicationScoped
public class Answers {

    private static final int FACTS = 3;
    private static final int HISTORY_LINES = 6;

    private final KnowledgeBase knowledge;
    private final OpenAiClient openAi;
    private final DialogHistory history;

    Answers(KnowledgeBase knowledge, OpenAiClient openAi, DialogHistory history) {
        this.knowledge = knowledge;
        this.openAi = openAi;
        this.history = history;
    }

    /** The embedded answer: the knowledge base's closest entry, or an honest "I did not get that". */
    public BotReply answer(AiRequest request) {
        return reply(request, embedded(request));
    }

    /**
     * The model's answer, grounded in the closest knowledge-base entries and the chat's recent history;
     * the embedded answer when the model is unavailable (failing, slow, or its circuit open).
     */
    public BotReply answerWithModel(AiRequest request) {
        String text = request.update().text() == null ? "" : request.update().text();
        if (text.isBlank() || "greeting".equals(request.intent())) {
            return answer(request);
        }
        Language language = Language.of(request.language());
        StringBuilder facts = new StringBuilder();
        for (KnowledgeBase.Match match : knowledge.search(text, FACTS)) {
            facts.append("- ").append(match.entry().answerIn(language.code())).append('\n');
        }
        String system = "You are the assistant of TapBot's " + ("apartments".equals(request.update().bot())
                ? "daily apartment rental" : "intercity taxi") + " Telegram bot in Kazakhstan. Answer in "
                + language.pick("Russian", "Kazakh", "English") + ", in at most three sentences, using only these facts;"
                + " if they do not answer the question, say so and suggest /help. Never invent prices or phone numbers.\n"
                + "Facts:\n" + facts + "Recent conversation:\n"
                + String.join("\n", history.recent(request.update().bot(), request.update().chatId(), HISTORY_LINES));
        try {
            return reply(request, openAi.chat(system, text));
        } catch (RuntimeException e) {
            return answer(request);
        }
    }

    /** The user asked the model too often this minute: a polite word, and the pending question. */
    public BotReply tooManyQuestions(AiRequest request) {
        Language language = Language.of(request.language());
        return reply(request, language.pick("Вы задаёте вопросы слишком часто — подождите минуту, пожалуйста.",
                "Сұрақтарыңыз тым жиі — бір минут күте тұрыңыз.", "You are asking very often: please wait a minute."));
    }

    private String embedded(AiRequest request) {
        BotUpdate update = request.update();
        Language language = Language.of(request.language());
        String text = update.text() == null ? "" : update.text();
        if ("greeting".equals(request.intent())) {
            return language.pick("Здравствуйте!", "Сәлеметсіз бе!", "Hello!");
        }
        Optional<KnowledgeBase.Match> match = text.isBlank() ? Optional.empty() : knowledge.best(text);
        return match.map(m -> m.entry().answerIn(language.code())).orElseGet(() -> notUnderstood(update.bot(), language));
    }

    private static BotReply reply(AiRequest request, String said) {
        BotUpdate update = request.update();
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
