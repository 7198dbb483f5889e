-- No DEFAULT written: the column's domain supplies a volatile one, computed
-- for every existing row.
ALTER TABLE parcels ADD COLUMN stamp_too stamp_d;
