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

    /** A photo with a caption, in two sizes as Telegram sends them (smallest first). */
    static String photo(long updateId, long chatId, String caption) {
        return """
                {"update_id": %d,
                 "message": {"message_id": %d, "date": 1764064800, "caption": "%s",
                   "from": {"id": %d, "is_bot": false, "first_name": "Aigerim", "language_code": "en"},
                   "chat": {"id": %d, "type": "private"},
                   "photo": [{"file_id": "small-id", "file_unique_id": "s", "width": 90, "height": 60},
                             {"file_id": "large-id", "file_unique_id": "l", "width": 1280, "height": 853}]}}
                """.formatted(updateId, updateId, caption, chatId, chatId);
    }

    static String location(long updateId, long chatId, double latitude, double longitude) {
        return """
                {"update_id": %d,
                 "message": {"message_id": %d, "date": 1764064800,
                   "from": {"id": %d, "is_bot": false, "first_name": "Aigerim", "language_code": "en"},
                   "chat": {"id": %d, "type": "private"},
                   "location": {"latitude": %s, "longitude": %s}}}
                """.formatted(updateId, updateId, chatId, chatId, latitude, longitude);
    }
}
