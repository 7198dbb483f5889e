-- CLUSTER fires no event trigger, and marks the index as the table's clustering index.
CLUSTER parts_low USING parts_low_b;
