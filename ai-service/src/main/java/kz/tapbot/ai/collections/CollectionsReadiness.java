package kz.tapbot.ai.collections;

import jakarta.enterprise.context.ApplicationScoped;
import kz.tapbot.ai.answers.KnowledgeBase;
import kz.tapbot.ai.memory.ConversationMemory;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** /q/health/ready: down until both vector collections, opened in the background at start, are open. */
@Readiness
@ApplicationScoped
public class CollectionsReadiness implements HealthCheck {

    private final KnowledgeBase faq;
    private final ConversationMemory conversations;

    CollectionsReadiness(KnowledgeBase faq, ConversationMemory conversations) {
        this.faq = faq;
        this.conversations = conversations;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("vector collections")
                .withData("faq", faq.isOpen() ? "open" : "opening")
                .withData("conversations", conversations.isOpen() ? "open" : "opening")
                .status(faq.isOpen() && conversations.isOpen())
                .build();
    }
}
