DELETE FROM settings WHERE key = 'feature_x';
