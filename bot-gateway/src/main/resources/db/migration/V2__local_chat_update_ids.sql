-- update_id of the web chat's updates: durable and shared by every gateway instance, so an id is
-- never reused (a reused id would be taken for a repeat and dropped downstream).
CREATE SEQUENCE local_update_id;
