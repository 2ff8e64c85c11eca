package kz.tapbot.apartments.privacy;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.UserErased;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.platform.messaging.TransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** user.erasures (own consumer group apartment-service-erasures): the user's stays and listings anonymised. */
@ApplicationScoped
public class ErasuresConsumer {

    private final IncomingEvents incoming;
    private final UserErasures erasures;
    private final TransientFailures failures;

    ErasuresConsumer(IncomingEvents incoming, UserErasures erasures, TransientFailures failures) {
        this.incoming = incoming;
        this.erasures = erasures;
        this.failures = failures;
    }

    @Incoming("user-erasures")
    @Blocking
    public void onErasure(ConsumerRecord<String, String> record) {
        IncomingEvents.Received<UserErased> received = incoming.read(record, EventTypes.USER_ERASED, UserErased.class);
        failures.retry("erasing a user", () -> erasures.erase(received.data().userId()));
    }
}
