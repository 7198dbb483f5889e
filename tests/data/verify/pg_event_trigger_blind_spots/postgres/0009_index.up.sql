CREATE INDEX tickets_note ON tickets (note);
