-- Telegram users and their profiles, upserted on every update (seed: "Пользователи и профили").
CREATE TABLE telegram_user (
    id            BIGINT PRIMARY KEY,
    username      TEXT,
    first_name    TEXT,
    last_name     TEXT,
    language_code TEXT,
    first_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- set when the Bot API answered 403 (the user blocked the bot); cleared when the user writes again
    blocked_bots  TEXT[] NOT NULL DEFAULT '{}'
);

-- Updates that the flood guard refused: recorded, not processed.
CREATE TABLE throttled_update (
    bot         TEXT        NOT NULL,
    update_id   BIGINT      NOT NULL,
    chat_id     BIGINT      NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (bot, update_id)
);

-- Where getUpdates resumes for a bot in polling mode.
CREATE TABLE polling_offset (
    bot         TEXT PRIMARY KEY,
    next_offset BIGINT NOT NULL
);
