-- The cascade drops boards.shape (a column of the dropped table's row type):
-- boards itself stays.
DROP TABLE shapes CASCADE;
