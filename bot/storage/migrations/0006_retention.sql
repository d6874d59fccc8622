-- Retention of drafts (issue 7, `ocop-bot maintenance run`): when the owner of a draft
-- untouched for OCOP_DRAFT_REMINDER_DAYS was reminded, and the anonymous count of drafts
-- archived (removed) after OCOP_DRAFT_ARCHIVE_DAYS without a change.
CREATE TABLE draft_reminders (
    application_id INTEGER PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    reminded_at    TEXT    NOT NULL
);

-- What is kept of an archived draft: no person, no text; commune, product group, counts.
CREATE TABLE archived_drafts (
    id            INTEGER PRIMARY KEY,
    commune_id    TEXT,
    product_group TEXT,
    answered      INTEGER NOT NULL,
    created_at    TEXT    NOT NULL,
    archived_at   TEXT    NOT NULL
);
