package kz.tapbot.gateway.bot;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The configured bots by name. */
@ApplicationScoped
public class BotRegistry {

    private final Map<String, Bot> bots = new TreeMap<>();

    public BotRegistry(GatewayConfig config) {
        config.bots().forEach((name, settings) -> {
            BotMode mode = settings.token().isEmpty() ? BotMode.LOCAL : settings.mode().orElse(BotMode.WEBHOOK);
            bots.put(name, new Bot(name, settings.token(), settings.secret(), mode));
        });
    }

    public Optional<Bot> find(String name) {
        return Optional.ofNullable(bots.get(name));
    }

    public Collection<Bot> all() {
        return bots.values();
    }
}
