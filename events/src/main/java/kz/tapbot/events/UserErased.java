package kz.tapbot.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A user is to be forgotten (topic user.erasures, type {@link EventTypes#USER_ERASED}, key = userId): every
 * service deletes or anonymises what it holds on them. Published by bot-gateway once its own data on the user is
 * gone, on the user's confirmed /deleteme or an operator's call. Carries the Telegram id only, never a name or a
 * phone number: each service finds the rest in its own data.
 *
 * @param requestedBy {@code user} (/deleteme in a bot) or {@code operator} (the operator API)
 * @param bot         the bot the user asked in; absent for an operator's call
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserErased(long userId, String requestedBy, String bot, Instant requestedAt) {

    public static final String BY_USER = "user";
    public static final String BY_OPERATOR = "operator";
}
