package kz.tapbot.taxi.driver;

/** A registered driver: who they are, their car, and how passengers reach them. */
public record Driver(long telegramId, long chatId, String name, String car, String plate, String phone,
                     String language) {
}
