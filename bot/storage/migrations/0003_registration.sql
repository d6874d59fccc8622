-- Product registrations (issue 4): one application per product, its answers one row per
-- form field, the files attached to it, and every status change with who made it.
-- The form step is derived from the answers; nothing here stores "the current step".
CREATE TABLE applications (
    id              INTEGER PRIMARY KEY,
    owner_user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    commune_id      TEXT,
    status          TEXT    NOT NULL DEFAULT 'draft'
                            CHECK (status IN ('draft', 'submitted', 'needs_more',
                                              'accepted', 'rejected')),
    -- JSON list of field ids an officer re-opened (status needs_more); '[]' otherwise.
    reopened_fields TEXT    NOT NULL DEFAULT '[]',
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    submitted_at    TEXT
);
CREATE INDEX applications_owner ON applications (owner_user_id, status);
CREATE INDEX applications_commune ON applications (commune_id, status);

-- One row per answered (or skipped) field; value is JSON (NULL when skipped).
CREATE TABLE application_answers (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    field_id       TEXT    NOT NULL,
    value          TEXT,
    skipped        INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
    updated_at     TEXT    NOT NULL,
    PRIMARY KEY (application_id, field_id)
);

-- Files sent for a photos/documents field, stored under data/files by content hash.
CREATE TABLE application_attachments (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    field_id       TEXT    NOT NULL,
    path           TEXT    NOT NULL,
    sha256         TEXT    NOT NULL,
    mime_type      TEXT    NOT NULL,
    size           INTEGER NOT NULL,
    original_name  TEXT    NOT NULL DEFAULT '',
    created_at     TEXT    NOT NULL,
    UNIQUE (application_id, field_id, sha256)
);
CREATE INDEX application_attachments_app ON application_attachments (application_id, field_id);

-- Every status an application has had: who set it (NULL: the system), why, and which
-- fields the producer must fix (JSON list, for needs_more).
CREATE TABLE application_status_history (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    status         TEXT    NOT NULL,
    note           TEXT    NOT NULL DEFAULT '',
    fields_to_fix  TEXT    NOT NULL DEFAULT '[]',
    by_user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at     TEXT    NOT NULL
);
CREATE INDEX application_status_history_app ON application_status_history (application_id, id);
