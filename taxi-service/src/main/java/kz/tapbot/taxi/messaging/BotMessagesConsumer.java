package kz.tapbot.taxi.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import kz.tapbot.platform.dialog.DialogRunner;
import kz.tapbot.taxi.dialog.TaxiDialog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** bot.messages -> {@link TaxiDialog} -> bot.replies (outbox), one record at a time: per-chat order. */
@ApplicationScoped
public class BotMessagesConsumer {

    private final DialogRunner runner;
    private final TaxiDialog dialog = new TaxiDialog();

    BotMessagesConsumer(DialogRunner runner) {
        this.runner = runner;
    }

    @Incoming("bot-messages")
    @Blocking
    public void onMessage(ConsumerRecord<String, String> record) {
        runner.run(record, dialog);
    }
}
