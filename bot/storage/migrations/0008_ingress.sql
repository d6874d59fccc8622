-- Issue 11, ingress: the inbox of updates as they arrived, one sender per channel (leases),
-- the bytes of files each user sent per day, and which message gave which typed answer.

-- Every update a channel received, recorded before it is confirmed to the platform. ``id``
-- is the arrival order; (channel, update_key) recognises an update delivered again.
-- ``flood`` is flood control's verdict at arrival ('ok', 'notice': tell them once to slow
-- down, 'drop'). A row is handled once: ``state`` becomes 'done' in the transaction that
-- stores what the handling changed; ``payload`` is emptied then (the personal data in it
-- is kept only while the update waits).
CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    channel     TEXT    NOT NULL,
    update_key  TEXT    NOT NULL,
    user_key    TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    received_at TEXT    NOT NULL,
    flood       TEXT    NOT NULL DEFAULT 'ok' CHECK (flood IN ('ok', 'notice', 'drop')),
    state       TEXT    NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'done', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    handled_at  TEXT,
    UNIQUE (channel, update_key)
);
CREATE INDEX inbox_waiting ON inbox (channel, user_key, id) WHERE state = 'pending';
CREATE INDEX inbox_handled ON inbox (handled_at) WHERE state <> 'pending';

-- A named lease: one holder at a time until ``expires_at`` (UTC ISO text). The outbox
-- worker holds 'outbox:<channel>' for each channel it sends to.
CREATE TABLE leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

-- Bytes of files fetched for a user on one day (Vietnam's calendar day), counted before
-- the download starts.
CREATE TABLE file_quota (
    channel  TEXT    NOT NULL,
    user_key TEXT    NOT NULL,
    day      TEXT    NOT NULL,
    bytes    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel, user_key, day)
);

-- The typed message that gave a registration answer, and the value it gave: an edit of
-- that message may change the answer while it is still that value.
CREATE TABLE answer_sources (
    channel        TEXT    NOT NULL,
    user_key       TEXT    NOT NULL,
    message_id     TEXT    NOT NULL,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    field_id       TEXT    NOT NULL,
    value          TEXT,
    saved_at       TEXT    NOT NULL,
    PRIMARY KEY (channel, user_key, message_id)
);
CREATE INDEX answer_sources_field ON answer_sources (application_id, field_id);
