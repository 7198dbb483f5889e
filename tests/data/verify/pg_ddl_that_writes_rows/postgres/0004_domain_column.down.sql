ALTER TABLE parcels DROP COLUMN stamp_too;
