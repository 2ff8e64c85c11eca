package kz.tapbot.gateway.reply;

import java.util.concurrent.CompletionStage;

/**
 * Asked right before each Bot API call of a reply: may this instance send it now? Two gateway instances can hold
 * the same reply at once: when its partition moves from one to the other, the first still has it waiting for its
 * chat's turn while the second reads it again from the last committed offset. Only the instance holding the claim
 * sends; the other waits, and drops the reply once the first has delivered it.
 */
@FunctionalInterface
interface SendClaim {

    enum Outcome {
        /** This instance holds the claim (taken or renewed): send. */
        MINE,
        /** Another instance holds it: ask again later, and keep the chat's later replies behind it. */
        HELD_ELSEWHERE,
        /** The reply was delivered (by another instance, or by this one before a repeat): settle it without sending. */
        DELIVERED
    }

    CompletionStage<Outcome> take();
}
