-- The messages stored last, found at start to be embedded again (ConversationMemory.catchUp): what the embedded
-- vector index may have lost since its last commit when the service died.
CREATE INDEX dialog_message_stored ON dialog_message (stored_at);
