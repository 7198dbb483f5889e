-- SET TRANSACTION must be the first statement of its transaction: verify's own
-- reads of the seeded data may not go in front of it.
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
ALTER TABLE accounts ADD COLUMN audit_note text;
