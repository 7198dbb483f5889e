CREATE TABLE books (id bigint PRIMARY KEY, title text NOT NULL, isbn text UNIQUE, year int);
CREATE VIEW recent_books AS SELECT id, title FROM books WHERE year > 2000;
CREATE TABLE loans (id bigint NOT NULL, due date NOT NULL) PARTITION BY RANGE (due);
CREATE TABLE loans_2024 PARTITION OF loans FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
