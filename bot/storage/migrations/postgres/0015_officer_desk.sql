-- PostgreSQL's 0015_officer_desk.sql: ../0015_officer_desk.sql in PostgreSQL's DDL.
-- The officer web page, part 2 (issue 14): application ids are never reused, and officers'
-- daily digests.

-- `applications.id` is a plain INTEGER PRIMARY KEY: SQLite gives a new row max(id) + 1, so
-- when the newest application is deleted (a producer deletes a draft, retention archives it,
-- a user is forgotten) its number would be handed out again, and an officer's note, an
-- export or a chat message naming "hồ sơ #12" would then point at someone else's product.
-- The table cannot become AUTOINCREMENT without rebuilding it (and every table pointing at
-- it), so the highest number ever given is kept here instead: the repository takes the next
-- one (bot/storage/applications.py), and the trigger refuses any insert at or below it.
CREATE TABLE id_sequences (
    name TEXT    PRIMARY KEY,
    last INTEGER NOT NULL
);
INSERT INTO id_sequences (name, last)
SELECT 'applications', coalesce(max(id), 0) FROM applications;

CREATE FUNCTION applications_ids_never_reused() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id <= (SELECT last FROM id_sequences WHERE name = 'applications') THEN
        RAISE EXCEPTION 'application id already used';
    END IF;
    UPDATE id_sequences SET last = NEW.id WHERE name = 'applications';
    RETURN NULL;
END;
$$;
CREATE TRIGGER applications_ids_never_reused
AFTER INSERT ON applications
FOR EACH ROW EXECUTE FUNCTION applications_ids_never_reused();

-- When each officer last got the daily digest (OCOP_OFFICER_NOTIFY=digest): the next one
-- lists what came in since then.
CREATE TABLE officer_digests (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    sent_at TEXT    NOT NULL
);

-- Officers added from the command line before they ever wrote were stored as "seen" at that
-- moment, so their first /start greeted them «quay lại» (welcome back). Never seen writing
-- is now an empty `last_seen_at` (bot/storage/officers.py); mark those who have not written.
UPDATE users SET last_seen_at = ''
WHERE role != 'producer' AND display_name = '' AND last_message_id IS NULL
  AND created_at = last_seen_at
  AND id NOT IN (SELECT user_id FROM sessions);
