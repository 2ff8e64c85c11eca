-- Seed: "Заявки на такси - бронирования поездок между городами".
CREATE TABLE driver (
    telegram_id   BIGINT PRIMARY KEY,
    chat_id       BIGINT      NOT NULL,
    name          TEXT        NOT NULL,
    car           TEXT        NOT NULL,
    plate         TEXT        NOT NULL,
    phone         TEXT        NOT NULL,
    language      TEXT        NOT NULL DEFAULT 'ru',
    registered_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE trip (
    id             UUID PRIMARY KEY,
    driver_id      BIGINT      NOT NULL REFERENCES driver (telegram_id),
    from_city      TEXT        NOT NULL,
    to_city        TEXT        NOT NULL,
    departure_at   TIMESTAMPTZ NOT NULL,
    seats_total    INT         NOT NULL CHECK (seats_total BETWEEN 1 AND 8),
    -- never oversold: the database refuses a negative count whatever the code does
    seats_free     INT         NOT NULL CHECK (seats_free >= 0 AND seats_free <= seats_total),
    price_per_seat BIGINT      NOT NULL CHECK (price_per_seat > 0),
    status         TEXT        NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'cancelled')),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX trip_route_departure ON trip (from_city, to_city, departure_at) WHERE status = 'published';
CREATE INDEX trip_driver ON trip (driver_id);

-- A passenger's ride: 'requested' until matched to a trip, then 'confirmed', 'cancelled' or 'completed'.
CREATE TABLE booking (
    id                UUID PRIMARY KEY,
    passenger_id      BIGINT      NOT NULL,
    passenger_chat_id BIGINT      NOT NULL,
    passenger_name    TEXT,
    passenger_phone   TEXT        NOT NULL,
    passenger_language TEXT       NOT NULL DEFAULT 'ru',
    from_city         TEXT        NOT NULL,
    to_city           TEXT        NOT NULL,
    travel_date       DATE        NOT NULL,
    seats             INT         NOT NULL CHECK (seats BETWEEN 1 AND 8),
    price_per_seat    BIGINT      NOT NULL,
    trip_id           UUID REFERENCES trip (id),
    status            TEXT        NOT NULL CHECK (status IN ('requested', 'confirmed', 'cancelled', 'completed')),
    reminder_sent     BOOLEAN     NOT NULL DEFAULT false,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (status <> 'confirmed' OR trip_id IS NOT NULL)
);

CREATE INDEX booking_open_route ON booking (from_city, to_city, travel_date) WHERE status = 'requested';
CREATE INDEX booking_passenger ON booking (passenger_id, status);
CREATE INDEX booking_trip ON booking (trip_id);
