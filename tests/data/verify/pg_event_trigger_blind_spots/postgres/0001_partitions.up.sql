CREATE TABLE parts (a int NOT NULL, b text, c varchar(10)) PARTITION BY RANGE (a);
CREATE TABLE parts_low PARTITION OF parts FOR VALUES FROM (0) TO (1000000);
CREATE INDEX parts_low_b ON parts_low (b);
