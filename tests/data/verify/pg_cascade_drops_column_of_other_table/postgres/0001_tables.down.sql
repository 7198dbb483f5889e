DROP TABLE boards;
DROP TABLE shapes;
