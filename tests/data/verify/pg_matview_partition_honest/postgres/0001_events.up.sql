CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text CHECK (kind IN ('a', 'b'))) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2000-01-01') TO ('2100-01-01');
