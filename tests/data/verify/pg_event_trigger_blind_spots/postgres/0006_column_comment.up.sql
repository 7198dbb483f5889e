COMMENT ON COLUMN parts_low.b IS 'bee';
