ALTER TABLE parcels DROP COLUMN stamped;
