-- The W3C trace context (traceparent) of the work that wrote an outbox row, so that relaying it to Kafka later
-- continues the same trace (one trace per user message, across the outbox).
ALTER TABLE outbox ADD COLUMN traceparent TEXT;
