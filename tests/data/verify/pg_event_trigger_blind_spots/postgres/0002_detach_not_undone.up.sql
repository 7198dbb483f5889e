-- DETACH PARTITION reports only the parent to event triggers.
ALTER TABLE parts DETACH PARTITION parts_low;
