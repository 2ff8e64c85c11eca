-- Landlords add listings through the bot: how guests reach them once a booking is confirmed (a
-- phone number or a Telegram @username, never shown before), the language the bot tells them in,
-- the house rules shown before booking, a guest rating for the result cards, and 'archived' for
-- listings an operator removed (their past stays keep their history).
ALTER TABLE listing ADD COLUMN landlord_contact TEXT;
ALTER TABLE listing ADD COLUMN landlord_language TEXT;
ALTER TABLE listing ADD COLUMN house_rules TEXT;
ALTER TABLE listing ADD COLUMN rating NUMERIC(2, 1) CHECK (rating BETWEEN 1 AND 5);

ALTER TABLE listing DROP CONSTRAINT listing_status_check;
ALTER TABLE listing ADD CONSTRAINT listing_status_check CHECK (status IN ('active', 'paused', 'archived'));

CREATE INDEX listing_landlord ON listing (landlord_id) WHERE landlord_id IS NOT NULL;
CREATE INDEX stay_listing_upcoming ON stay (listing_id, check_out) WHERE status IN ('pending', 'confirmed', 'blocked');
