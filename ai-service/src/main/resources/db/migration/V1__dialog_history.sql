-- Every message in and out of every bot (seed: "История диалогов"). The CloudEvent id is the key,
-- so a redelivered event is stored once.
CREATE TABLE dialog_message (
    event_id    TEXT PRIMARY KEY,
    direction   TEXT        NOT NULL CHECK (direction IN ('in', 'out')),
    bot         TEXT        NOT NULL,
    chat_id     BIGINT      NOT NULL,
    user_id     BIGINT,
    kind        TEXT        NOT NULL,
    text        TEXT,
    callback_data TEXT,
    intent      TEXT,
    language    TEXT,
    occurred_at TIMESTAMPTZ NOT NULL,
    stored_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX dialog_message_chat ON dialog_message (bot, chat_id, occurred_at);
