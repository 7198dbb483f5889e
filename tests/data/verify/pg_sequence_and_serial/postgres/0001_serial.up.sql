CREATE TABLE tickets (id serial PRIMARY KEY, title varchar(20) NOT NULL);
