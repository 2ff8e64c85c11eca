-- n8n workflow hooks (seed: "Конфигурации workflow - настройки n8n автоматизации"): what each workflow
-- wants (event type patterns), where to POST it and with which HMAC secret; and every delivery, so that
-- each matching event arrives at least once, in order per booking, and failures are visible.
CREATE TABLE workflow (
    id                   UUID PRIMARY KEY,
    name                 TEXT        NOT NULL,
    event_types          TEXT[]      NOT NULL,
    target_url           TEXT        NOT NULL,
    secret               TEXT        NOT NULL,
    enabled              BOOLEAN     NOT NULL DEFAULT true,
    paused               BOOLEAN     NOT NULL DEFAULT false,
    consecutive_failures INT         NOT NULL DEFAULT 0,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE workflow_delivery (
    id              BIGSERIAL PRIMARY KEY,
    workflow_id     UUID        NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
    event_id        TEXT        NOT NULL,
    event_type      TEXT        NOT NULL,
    ordering_key    TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    status          TEXT        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered')),
    attempts        INT         NOT NULL DEFAULT 0,
    last_status     INT,
    last_error      TEXT,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ,
    UNIQUE (workflow_id, event_id)
);

CREATE INDEX workflow_delivery_due ON workflow_delivery (next_attempt_at) WHERE status = 'pending';
