package kz.tapbot.gateway;

/** Telegram Update bodies as Telegram sends them, for tests. */
final class TelegramJson {

    private TelegramJson() {
    }

    static String textMessage(long updateId, long chatId, String text) {
        return """
                {"update_id": %d,
                 "message": {"message_id": %d, "date": 1764064800, "text": "%s",
                   "from": {"id": %d, "is_bot": false, "first_name": "Aigerim", "username": "aigerim_k", "language_code": "ru"},
                   "chat": {"id": %d, "type": "private", "first_name": "Aigerim"}}}
                """.formatted(updateId, updateId, text, chatId, chatId);
    }

    static String callback(long updateId, long chatId, String data) {
        return """
                {"update_id": %d,
                 "callback_query": {"id": "cbq-%d", "data": "%s", "chat_instance": "42",
                   "from": {"id": %d, "is_bot": false, "first_name": "Aigerim", "language_code": "kk"},
                   "message": {"message_id": 77, "date": 1764064800, "text": "Menu",
                     "chat": {"id": %d, "type": "private"}}}}
                """.formatted(updateId, updateId, data, chatId, chatId);
    }

    static String contact(long updateId, long chatId, String phone) {
        return """
                {"update_id": %d,
                 "message": {"message_id": %d, "date": 1764064800,
                   "from": {"id": %d, "is_bot": false, "first_name": "Aigerim", "language_code": "en"},
                   "chat": {"id": %d, "type": "private"},
                   "contact": {"phone_number": "%s", "first_name": "Aigerim", "user_id": %d}}}
                """.formatted(updateId, updateId, chatId, chatId, phone, chatId);
    }
}
