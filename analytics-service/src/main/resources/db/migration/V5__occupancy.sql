-- Occupancy of listings: which listing an apartment booking holds and for which nights.
ALTER TABLE raw_event ADD COLUMN listing_id TEXT;
ALTER TABLE raw_event ADD COLUMN check_in DATE;
ALTER TABLE raw_event ADD COLUMN check_out DATE;
