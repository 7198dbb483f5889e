DROP INDEX tickets_note;
