ALTER TABLE tickets ADD CONSTRAINT tickets_pkey PRIMARY KEY (id);
