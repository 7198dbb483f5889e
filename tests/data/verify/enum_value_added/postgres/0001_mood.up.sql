CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE moods (id integer PRIMARY KEY, m mood NOT NULL);
