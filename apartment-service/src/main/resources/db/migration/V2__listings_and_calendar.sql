-- Seed: "Бронирования квартир - система аренды суточного жилья".
-- btree_gist is a trusted extension: the database owner may create it; it lets one exclusion
-- constraint compare the listing id (=) and the stay's date range (&&).
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE listing (
    id                UUID PRIMARY KEY,
    external_id       TEXT UNIQUE,
    landlord_id       BIGINT,
    landlord_chat_id  BIGINT,
    title             TEXT        NOT NULL,
    city              TEXT        NOT NULL,
    district          TEXT,
    address           TEXT,
    lat               DOUBLE PRECISION,
    lon               DOUBLE PRECISION,
    rooms             INT         NOT NULL CHECK (rooms >= 1),
    max_guests        INT         NOT NULL CHECK (max_guests >= 1),
    price_per_night   BIGINT      NOT NULL CHECK (price_per_night > 0),
    amenities         TEXT[]      NOT NULL DEFAULT '{}',
    description       TEXT,
    photos            TEXT[]      NOT NULL DEFAULT '{}',
    instant_book      BOOLEAN     NOT NULL DEFAULT false,
    free_cancellation_days INT    NOT NULL DEFAULT 3,
    status            TEXT        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX listing_city ON listing (city) WHERE status = 'active';

-- The calendar: guests' stays and landlords' blocks in one table, so that one constraint covers
-- both. A stay holds its nights while pending, confirmed or blocked; [check_in, check_out) is
-- half-open, so a check-out day can be the next guest's check-in day.
CREATE TABLE stay (
    id              UUID PRIMARY KEY,
    listing_id      UUID        NOT NULL REFERENCES listing (id),
    check_in        DATE        NOT NULL,
    check_out       DATE        NOT NULL,
    kind            TEXT        NOT NULL CHECK (kind IN ('booking', 'block')),
    status          TEXT        NOT NULL CHECK (status IN ('pending', 'confirmed', 'declined', 'expired',
                                                           'cancelled', 'blocked', 'unblocked')),
    guest_id        BIGINT,
    guest_chat_id   BIGINT,
    guest_name      TEXT,
    guest_phone     TEXT,
    guest_language  TEXT,
    guests          INT CHECK (guests >= 1),
    nights          INT         NOT NULL,
    total_price     BIGINT      NOT NULL DEFAULT 0,
    expires_at      TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (check_out > check_in),
    CHECK (kind = 'block' OR guest_id IS NOT NULL),
    CONSTRAINT stay_nights_never_overlap EXCLUDE USING gist (
        listing_id WITH =, daterange(check_in, check_out, '[)') WITH &&)
        WHERE (status IN ('pending', 'confirmed', 'blocked'))
);

CREATE INDEX stay_guest ON stay (guest_id, status);
CREATE INDEX stay_pending_expiry ON stay (expires_at) WHERE status = 'pending';
