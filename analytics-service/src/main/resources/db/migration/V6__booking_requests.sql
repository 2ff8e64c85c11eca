-- A booking is counted as requested once, at its first requested or confirmed event: a taxi request seated at once
-- and an instant-book stay are announced confirmed, with no requested event before. The bookings counted are kept
-- here (raw_event is partitioned by day and cannot hold a unique key on the booking), forgotten with seen_event.
CREATE TABLE seen_booking (
    booking_id  TEXT PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX seen_booking_time ON seen_booking (occurred_at);
