package kz.tapbot.analytics.workflow;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An operator's n8n workflow: the event types it wants (exact, or patterns with '*' such as
 * kz.tapbot.taxi.booking.*), where to POST them and the secret that signs them.
 */
public record Workflow(UUID id, String name, List<String> eventTypes, String targetUrl, String secret, boolean enabled,
                       boolean paused, int consecutiveFailures) {

    public boolean wants(String eventType) {
        return enabled && eventTypes.stream().anyMatch(p -> matches(p, eventType));
    }

    static boolean matches(String pattern, String type) {
        return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q")).matcher(type).matches();
    }
}
