-- Time from a user's message to the bot's reply: an update and the replies to it share a reply key
-- (the id of the understood message ai-service derives from the update, which replies name in inReplyTo).
ALTER TABLE raw_event ADD COLUMN reply_key TEXT;
CREATE INDEX raw_event_reply_key ON raw_event (reply_key);
