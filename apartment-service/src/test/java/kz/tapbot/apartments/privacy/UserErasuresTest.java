package kz.tapbot.apartments.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import org.junit.jupiter.api.Test;

/**
 * kz.tapbot.user.erased.v1 in apartment-service: a landlord's listings lose their landlord and are paused, what
 * describes them stays; a guest's stays stay on the calendar, anonymised, a pending request cancelled.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class UserErasuresTest {

    @Inject
    AgroalDataSource dataSource;

    private final long landlord = 6_400_000_000L + System.nanoTime() % 1_000_000;
    private final long guest = landlord + 1;

    private String row(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            if (!r.next()) {
                return "";
            }
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                row.append(i > 1 ? "|" : "").append(r.getString(i));
            }
            return row.toString();
        }
    }

    private String await(String sql, String expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String value = row(sql);
        while (!value.equals(expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            value = row(sql);
        }
        return value;
    }

    private static void erase(long user) {
        KafkaTestBroker.send(new CloudEvent(UUID.randomUUID().toString(), EventTypes.USER_ERASED, "/tapbot/bot-gateway",
                Instant.now(), String.valueOf(user), "{\"userId\":" + user + ",\"requestedBy\":\"operator\","
                + "\"requestedAt\":\"" + Instant.now() + "\"}").toRecord(Topics.USER_ERASURES));
    }

    @Test
    void aLandlordsListingsArePausedWithoutThemAndAGuestsStaysAnonymised() throws Exception {
        UUID listing = UUID.randomUUID();
        UUID pending = UUID.randomUUID();
        UUID confirmed = UUID.randomUUID();
        LocalDate checkIn = LocalDate.now().plusDays(ThreadLocalRandom.current().nextInt(400, 4000));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO apartments.listing (id, landlord_id, landlord_chat_id, landlord_contact,"
                    + " landlord_language, title, city, address, rooms, max_guests, price_per_night, description) VALUES ('"
                    + listing + "', " + landlord + ", " + landlord + ", '+77051112233', 'ru', 'Двушка у парка',"
                    + " 'Kokshetau', 'Абая 1', 2, 4, 15000, 'Тихо')");
            s.executeUpdate("INSERT INTO apartments.stay (id, listing_id, check_in, check_out, kind, status, guest_id,"
                    + " guest_chat_id, guest_name, guest_phone, guest_language, guests, nights, total_price, expires_at)"
                    + " VALUES ('" + pending + "', '" + listing + "', '" + checkIn + "', '" + checkIn.plusDays(2)
                    + "', 'booking', 'pending', " + guest + ", " + guest + ", 'Асель', '+77019998877', 'ru', 2, 2, 30000,"
                    + " now() + interval '1 day'), ('" + confirmed + "', '" + listing + "', '" + checkIn.plusDays(5) + "', '"
                    + checkIn.plusDays(7) + "', 'booking', 'confirmed', " + guest + ", " + guest + ", 'Асель',"
                    + " '+77019998877', 'ru', 2, 2, 30000, null)");
        }

        erase(landlord);
        assertEquals("paused|null|null|null|null|Двушка у парка|Абая 1", await("SELECT status, landlord_id, landlord_chat_id,"
                + " landlord_contact, landlord_language, title, address FROM apartments.listing WHERE id = '" + listing + "'",
                "paused|null|null|null|null|Двушка у парка|Абая 1"));

        erase(guest);
        String stays = "SELECT string_agg(status || ':' || (guest_id < 0) || ':' || (guest_chat_id = guest_id) || ':'"
                + " || coalesce(guest_name, '-') || ':' || coalesce(guest_phone, '-'), ',' ORDER BY check_in)"
                + " FROM apartments.stay WHERE listing_id = '" + listing + "'";
        assertEquals("cancelled:true:true:-:-,confirmed:true:true:-:-", await(stays,
                "cancelled:true:true:-:-,confirmed:true:true:-:-"));
        assertEquals("0", row("SELECT count(*) FROM apartments.stay WHERE guest_id = " + guest + " OR guest_chat_id = "
                + guest));

        erase(guest);
        erase(landlord);
        Thread.sleep(2000);
        assertEquals("cancelled:true:true:-:-,confirmed:true:true:-:-", row(stays), "a second erasure changes nothing");
    }
}
