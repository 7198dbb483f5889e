CREATE MATERIALIZED VIEW event_counts AS SELECT kind, count(*) AS n FROM events GROUP BY kind;
