COMMENT ON TABLE items IS 'what we sell';
