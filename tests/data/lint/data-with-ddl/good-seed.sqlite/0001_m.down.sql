DROP TABLE colors;
