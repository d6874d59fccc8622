-- Commune officers (issue 6): invites, the audit log, announcements and the outbox.

-- Single-use, expiring invite codes. Only a SHA-256 of the code is kept.
CREATE TABLE officer_invites (
    id          INTEGER PRIMARY KEY,
    code_hash   TEXT    NOT NULL UNIQUE,
    commune_id  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL DEFAULT 'cli',
    used_at     TEXT,
    used_by     INTEGER REFERENCES users (id) ON DELETE SET NULL
);

-- Every officer action (and every refused attempt), newest last.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    actor_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    commune_id TEXT,
    target     TEXT    NOT NULL DEFAULT '',
    allowed    INTEGER NOT NULL DEFAULT 1 CHECK (allowed IN (0, 1)),
    detail     TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);

-- An announcement an officer composed; its recipients are rows of `outbox`.
CREATE TABLE announcements (
    id                  INTEGER PRIMARY KEY,
    author_id           INTEGER NOT NULL REFERENCES users (id),
    commune_id          TEXT,                       -- NULL: every commune (admins only)
    audience            TEXT    NOT NULL DEFAULT '{}',
    text                TEXT    NOT NULL,
    file_path           TEXT,
    file_name           TEXT,
    file_kind           TEXT CHECK (file_kind IN ('photo', 'document')),
    status              TEXT    NOT NULL
                                CHECK (status IN ('scheduled', 'sending', 'done', 'cancelled')),
    created_at          TEXT    NOT NULL,
    send_at             TEXT    NOT NULL,
    finished_at         TEXT,
    total               INTEGER NOT NULL DEFAULT 0,
    progress_message_id TEXT,
    reported            INTEGER NOT NULL DEFAULT 0 CHECK (reported IN (0, 1))
);
CREATE INDEX announcements_commune ON announcements (commune_id, id);

-- One row per message the assistant starts: a recipient of an announcement, or a single
-- notice (status change, an officer's answer) whose replies are kept as JSON in `payload`.
-- A row is claimed ('sending') before it is sent and marked right after.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    announcement_id INTEGER REFERENCES announcements (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel         TEXT    NOT NULL,
    external_id     TEXT    NOT NULL,
    payload         TEXT,
    priority        INTEGER NOT NULL DEFAULT 1,
    status          TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'sending', 'sent', 'blocked', 'failed',
                                              'cancelled', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         TEXT    NOT NULL,
    claimed_at      TEXT,
    done_at         TEXT,
    error           TEXT    NOT NULL DEFAULT '',
    UNIQUE (announcement_id, user_id)
);
CREATE INDEX outbox_due ON outbox (status, priority, next_at, id);
CREATE INDEX outbox_announcement ON outbox (announcement_id, status);
CREATE INDEX outbox_user ON outbox (user_id, status, done_at);
