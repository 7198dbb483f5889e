CREATE TABLE tickets (id integer PRIMARY KEY, title text, status text DEFAULT 'new');
