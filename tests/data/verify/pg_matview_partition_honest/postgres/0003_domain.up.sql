CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE TYPE pair AS (a integer, b text);
CREATE TABLE things (id positive PRIMARY KEY, p pair, tags text[], doc jsonb, u uuid, ts timestamptz, amount numeric(8,2));
