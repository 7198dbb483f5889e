DROP FUNCTION next_stamp();
DROP TABLE stamp_log;
DROP TABLE parcels;
