package kz.tapbot.gateway.bot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import kz.tapbot.gateway.telegram.BotApiClient;
import org.jboss.logging.Logger;

/**
 * At start, points Telegram at this gateway for every webhook-mode bot when a public URL is
 * configured: setWebhook with the bot's secret_token and only the update kinds the bots use.
 */
@ApplicationScoped
public class WebhookRegistration {

    private static final Logger LOG = Logger.getLogger(WebhookRegistration.class);

    private final BotRegistry bots;
    private final BotApiClient api;
    private final GatewayConfig config;

    WebhookRegistration(BotRegistry bots, BotApiClient api, GatewayConfig config) {
        this.bots = bots;
        this.api = api;
        this.config = config;
    }

    void register(@Observes StartupEvent startup) {
        if (config.telegram().publicUrl().isEmpty()) {
            return;
        }
        String base = config.telegram().publicUrl().get().replaceAll("/+$", "");
        for (Bot bot : bots.all()) {
            if (bot.mode() != BotMode.WEBHOOK) {
                continue;
            }
            ObjectNode params = api.params().put("url", base + "/telegram/" + bot.name() + "/webhook");
            bot.secret().ifPresent(secret -> params.put("secret_token", secret));
            params.putArray("allowed_updates").add("message").add("edited_message").add("callback_query");
            api.call(bot, "setWebhook", params).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.errorf("setWebhook for %s failed: %s", bot.name(), error.getMessage());
                } else {
                    LOG.infof("webhook of %s registered at %s/telegram/%s/webhook", bot.name(), base, bot.name());
                }
            });
        }
    }
}
