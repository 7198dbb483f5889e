-- Forgets to narrow it back.
COMMENT ON TABLE parts_low IS NULL;
