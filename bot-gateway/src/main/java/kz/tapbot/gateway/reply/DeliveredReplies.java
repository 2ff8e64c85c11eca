package kz.tapbot.gateway.reply;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Remembers which replies (by CloudEvent id) reached the user, in Redis at tg:reply:{id}, so that a
 * redelivered reply (a relay that published twice, a rebalance) is not sent again. When Redis cannot
 * tell, the reply is sent: a rare repeat is better than a lost answer. Non-blocking: it is called
 * from the Kafka consumer's event loop.
 */
@ApplicationScoped
class DeliveredReplies {

    private static final Logger LOG = Logger.getLogger(DeliveredReplies.class);
    private static final String KEEP_SECONDS = String.valueOf(7 * 24 * 3600);

    private final ReactiveRedisDataSource redis;

    DeliveredReplies(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    Uni<Boolean> wasDelivered(String replyId) {
        return redis.execute("EXISTS", key(replyId))
                .map(answer -> answer != null && answer.toInteger() == 1)
                .onFailure().recoverWithItem(error -> {
                    LOG.warnf("cannot tell whether reply %s was delivered, sending it: %s", replyId, error.getMessage());
                    return false;
                });
    }

    /** Completes once Redis has the record, or once remembering it failed (logged). */
    CompletionStage<Void> markDelivered(String replyId) {
        return redis.execute("SET", key(replyId), "1", "EX", KEEP_SECONDS).replaceWithVoid()
                .onFailure().invoke(error -> LOG.warnf("could not remember that reply %s was delivered: %s", replyId,
                        error.getMessage()))
                .onFailure().recoverWithNull()
                .subscribeAsCompletionStage();
    }

    private static String key(String replyId) {
        return "tg:reply:" + replyId;
    }

}
