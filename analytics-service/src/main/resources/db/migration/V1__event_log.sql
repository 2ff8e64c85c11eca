-- What statistics need of every event, stored once per CloudEvent id: ids, types, times, bots.
-- Never message texts, names or phone numbers. (Partitioning by day and rollups: analytics issue.)
CREATE TABLE event_log (
    event_id    TEXT PRIMARY KEY,
    event_type  TEXT        NOT NULL,
    topic       TEXT        NOT NULL,
    bot         TEXT,
    chat_key    TEXT,
    occurred_at TIMESTAMPTZ,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX event_log_type_time ON event_log (event_type, occurred_at);
