package kz.tapbot.taxi.driver;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** taxi.driver: one row per Telegram user who registered as a driver. */
@ApplicationScoped
public class DriverRepository {

    private final AgroalDataSource dataSource;

    DriverRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Registers, or updates the details of a driver who registers again. */
    public void register(Driver driver) {
        String sql = """
                INSERT INTO taxi.driver (telegram_id, chat_id, name, car, plate, phone, language)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (telegram_id) DO UPDATE SET chat_id = excluded.chat_id, name = excluded.name,
                    car = excluded.car, plate = excluded.plate, phone = excluded.phone, language = excluded.language
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, driver.telegramId());
            s.setLong(2, driver.chatId());
            s.setString(3, driver.name());
            s.setString(4, driver.car());
            s.setString(5, driver.plate());
            s.setString(6, driver.phone());
            s.setString(7, driver.language());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not register driver", e);
        }
    }

    public Optional<Driver> find(long telegramId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT * FROM taxi.driver WHERE telegram_id = ?")) {
            s.setLong(1, telegramId);
            try (ResultSet row = s.executeQuery()) {
                return row.next() ? Optional.of(read(row, "")) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read driver", e);
        }
    }

    /** A driver's columns named driver_*, for a query that joins taxi.driver as {@code d}: read(row, "driver_"). */
    public static final String SELECTED_AS_DRIVER = "d.telegram_id AS driver_telegram_id, d.chat_id AS driver_chat_id,"
            + " d.name AS driver_name, d.car AS driver_car, d.plate AS driver_plate, d.phone AS driver_phone,"
            + " d.language AS driver_language";

    /** A driver from a row of taxi.driver, its columns named with {@code prefix} ("" or "driver_"). */
    public static Driver read(ResultSet row, String prefix) throws SQLException {
        return new Driver(row.getLong(prefix + "telegram_id"), row.getLong(prefix + "chat_id"),
                row.getString(prefix + "name"), row.getString(prefix + "car"), row.getString(prefix + "plate"),
                row.getString(prefix + "phone"), row.getString(prefix + "language"));
    }
}
