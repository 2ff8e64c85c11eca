-- Events this service has handled (idempotent consumer: a redelivered event is skipped).
CREATE TABLE processed_event (
    event_id     TEXT PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Transactional outbox: events written with the state change they announce, relayed to Kafka in id order.
CREATE TABLE outbox (
    id         BIGSERIAL PRIMARY KEY,
    topic      TEXT        NOT NULL,
    record_key TEXT,
    ce_id      TEXT        NOT NULL UNIQUE,
    ce_type    TEXT        NOT NULL,
    ce_source  TEXT        NOT NULL,
    ce_time    TIMESTAMPTZ,
    data       JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
