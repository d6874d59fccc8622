-- PostgreSQL's 0020_engine_parity.sql: ../0020_engine_parity.sql in PostgreSQL's DDL.
-- The whole suite on both engines (issue 17): a stray insert at an application number
-- already given is refused on SQLite as a constraint violation (RAISE(ABORT) in a trigger:
-- sqlite3.IntegrityError); 0015's function raised a plain exception here (P0001). It now
-- raises unique_violation (23505, psycopg.IntegrityError), as a reused primary key would.
CREATE OR REPLACE FUNCTION applications_ids_never_reused() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id <= (SELECT last FROM id_sequences WHERE name = 'applications') THEN
        RAISE EXCEPTION 'application id already used' USING ERRCODE = 'unique_violation';
    END IF;
    UPDATE id_sequences SET last = NEW.id WHERE name = 'applications';
    RETURN NULL;
END;
$$;
