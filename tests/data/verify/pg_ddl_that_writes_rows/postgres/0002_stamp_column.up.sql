-- Only DDL, but the volatile default runs once per existing row and each call
-- inserts into stamp_log: the down cannot take those rows back.
ALTER TABLE parcels ADD COLUMN stamp bigint DEFAULT next_stamp();
