CREATE TABLE tickets (id serial PRIMARY KEY, note text);
