-- Users of every channel, their conversation session, and nothing else yet.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    channel         TEXT    NOT NULL,
    external_id     TEXT    NOT NULL,
    display_name    TEXT    NOT NULL DEFAULT '',
    role            TEXT    NOT NULL DEFAULT 'producer'
                            CHECK (role IN ('producer', 'officer', 'admin')),
    commune_id      TEXT,
    subscribed      INTEGER NOT NULL DEFAULT 0 CHECK (subscribed IN (0, 1)),
    blocked         INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
    created_at      TEXT    NOT NULL,
    last_seen_at    TEXT    NOT NULL,
    last_message_id TEXT,
    UNIQUE (channel, external_id)
);
CREATE INDEX users_commune ON users (commune_id, subscribed);

-- Where a user is in the conversation: a mode and a small JSON blob owned by that mode.
-- The registration step itself is derived from the saved draft, not kept here.
CREATE TABLE sessions (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    mode       TEXT    NOT NULL DEFAULT 'idle',
    data       TEXT    NOT NULL DEFAULT '{}',
    updated_at TEXT    NOT NULL
);
