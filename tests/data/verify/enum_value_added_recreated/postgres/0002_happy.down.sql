ALTER TYPE mood RENAME TO mood_old;
     CREATE TYPE mood AS ENUM ('sad', 'ok');
     ALTER TABLE moods ALTER COLUMN m TYPE mood USING m::text::mood;
     DROP TYPE mood_old;
