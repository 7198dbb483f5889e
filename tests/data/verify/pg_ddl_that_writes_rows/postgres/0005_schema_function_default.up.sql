ALTER TABLE parcels ADD COLUMN stamped bigint DEFAULT audit.now();
