INSERT INTO settings (key, value) VALUES ('feature_x', 'on');
