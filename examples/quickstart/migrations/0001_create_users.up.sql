-- The way back
--   writes:  creates table users (no existing rows are touched)
--   reverse: the down drops the table
--   window:  until the first real signup; after that the down loses data

CREATE TABLE users (
  id         INTEGER PRIMARY KEY,
  username   TEXT NOT NULL UNIQUE,
  email      TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
