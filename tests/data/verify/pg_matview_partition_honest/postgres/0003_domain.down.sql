DROP TABLE things;
DROP TYPE pair;
DROP DOMAIN positive;
