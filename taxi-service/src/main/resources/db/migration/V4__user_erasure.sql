-- Erasure of a user (kz.tapbot.user.erased.v1): bookings stay for accounting with the passenger anonymised (ids
-- replaced by a pseudonym, name and phone gone); a driver's row stays under a pseudonym so that their trips keep a
-- driver, its id following into taxi.trip.
ALTER TABLE booking ALTER COLUMN passenger_phone DROP NOT NULL;
ALTER TABLE driver ADD COLUMN erased_at TIMESTAMPTZ;
ALTER TABLE trip DROP CONSTRAINT trip_driver_id_fkey;
ALTER TABLE trip ADD CONSTRAINT trip_driver_id_fkey FOREIGN KEY (driver_id) REFERENCES driver (telegram_id)
    ON UPDATE CASCADE;
