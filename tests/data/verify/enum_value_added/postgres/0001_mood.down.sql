DROP TABLE moods;
DROP TYPE mood;
