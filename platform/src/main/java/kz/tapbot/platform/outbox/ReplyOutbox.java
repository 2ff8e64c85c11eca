package kz.tapbot.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventIds;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Queues a bot's answers to one incoming event on bot.replies through the outbox, in the caller's
 * transaction. Reply ids derive from the incoming event's id, so answering the same event twice
 * yields the same ids and the repeat is dropped.
 */
@ApplicationScoped
public class ReplyOutbox {

    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final String source;

    ReplyOutbox(Outbox outbox, ObjectMapper json, Clock clock,
                @ConfigProperty(name = "quarkus.application.name") String service) {
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.source = "/tapbot/" + service;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void reply(String inReplyTo, List<BotReply> replies) {
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            BotReply reply = replies.get(i);
            BotReply addressed = reply.answering(inReplyTo);
            events.add(new CloudEvent(EventIds.derived(inReplyTo, "reply-" + i), EventTypes.REPLY_REQUESTED, source,
                    clock.instant(), String.valueOf(reply.chatId()), toJson(addressed)));
        }
        outbox.addAll(Topics.BOT_REPLIES, events);
    }

    private String toJson(BotReply reply) {
        try {
            return json.writeValueAsString(reply);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
