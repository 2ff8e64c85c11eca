-- Statistics (seed: "Аналитика и метрики"). Raw events, one row per CloudEvent id, partitioned by day
-- of occurrence (partitions are created ahead by the service and dropped after the retention); only
-- what statistics need: ids, types, times, bots, users, cities, routes, amounts, statuses. Never texts,
-- names or phone numbers.
CREATE TABLE raw_event (
    event_id     TEXT        NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    event_type   TEXT        NOT NULL,
    topic        TEXT        NOT NULL,
    bot          TEXT,
    user_id      BIGINT,
    chat_id      BIGINT,
    service      TEXT,
    booking_id   TEXT,
    status       TEXT,
    city         TEXT,
    route        TEXT,
    amount       BIGINT,
    PRIMARY KEY (occurred_at, event_id)
) PARTITION BY RANGE (occurred_at);

-- A partitioned table's key must contain the partition key: ids seen are kept here, so that an event
-- replayed or redelivered, whatever its time, is stored and counted once.
CREATE TABLE seen_event (
    event_id    TEXT PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX seen_event_time ON seen_event (occurred_at);

-- Rollups, kept up to date as events arrive and rebuildable from raw_event: counters per day, metric
-- and dimension (a bot, a service:status, a city, a route), users active per day, and when each user
-- was first seen.
CREATE TABLE daily_counter (
    day       DATE   NOT NULL,
    metric    TEXT   NOT NULL,
    dimension TEXT   NOT NULL DEFAULT '',
    value     BIGINT NOT NULL,
    PRIMARY KEY (day, metric, dimension)
);

CREATE TABLE daily_user (
    day     DATE   NOT NULL,
    bot     TEXT   NOT NULL,
    user_id BIGINT NOT NULL,
    PRIMARY KEY (day, bot, user_id)
);

CREATE TABLE first_seen (
    bot     TEXT   NOT NULL,
    user_id BIGINT NOT NULL,
    day     DATE   NOT NULL,
    PRIMARY KEY (bot, user_id)
);

-- The first event log gives way to raw_event.
DROP TABLE event_log;
