package kz.tapbot.platform.dialog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import kz.tapbot.events.AiRequest;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventIds;
import kz.tapbot.platform.outbox.Outbox;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands a message the dialog cannot use to ai-service (topic ai.requests, through the outbox, in the
 * caller's transaction): ai-service answers it on bot.replies and the dialog says nothing itself, so
 * one message never gets two answers. The request's id derives from the message's.
 */
@ApplicationScoped
public class HandOver {

    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final String source;

    HandOver(Outbox outbox, ObjectMapper json, Clock clock,
             @ConfigProperty(name = "quarkus.application.name") String service) {
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.source = "/tapbot/" + service;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void toAi(String messageEventId, BotMessage message, Language language, String step, String pendingQuestion,
                     List<List<BotReply.Button>> pendingKeyboard) {
        AiRequest request = new AiRequest(message.update(), message.intent() == null ? "unknown" : message.intent(),
                language.code(), step, pendingQuestion, pendingKeyboard);
        try {
            outbox.add(Topics.AI_REQUESTS, new CloudEvent(EventIds.derived(messageEventId, "ai-request"),
                    EventTypes.AI_REQUESTED, source, clock.instant(), String.valueOf(message.update().chatId()),
                    json.writeValueAsString(request)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
