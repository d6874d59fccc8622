-- Integrity (issue 11): a repair of 0005, the checksum of every migration, and what the
-- fields an officer re-opened held at that moment.

-- Repair. 0005_officer.sql was edited after it shipped: the edit added officer_answers, so a
-- database created before the edit never got it ("no such table: officer_answers"). The
-- same table, created only where it is missing. (Never edit a shipped migration: add one.)
CREATE TABLE IF NOT EXISTS officer_answers (
    id            INTEGER PRIMARY KEY,
    unanswered_id INTEGER NOT NULL UNIQUE REFERENCES faq_unanswered (id) ON DELETE CASCADE,
    officer_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    commune_id    TEXT,
    answer        TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);

-- SHA-256 of each migration file as applied (line endings as LF). The runner
-- (bot/storage/db.py) fills it in, for migrations applied before this one too, and refuses
-- to start when a file that was applied has changed since.
ALTER TABLE schema_migrations ADD COLUMN checksum TEXT;

-- When an officer asks for more (status needs_more): a fingerprint of each re-opened field's
-- answer and files at that moment, JSON {field id: fingerprint}, so the producer is shown
-- what is still unchanged and asked before resubmitting it unchanged. '{}' otherwise (and
-- for applications sent back before this migration: their fields count as unchanged).
ALTER TABLE applications ADD COLUMN reopened_before TEXT NOT NULL DEFAULT '{}';
