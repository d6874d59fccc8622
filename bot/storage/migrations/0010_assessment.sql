-- Self-assessment ("Tự chấm điểm", issue 12 item 4): a producer scores a product against one
-- scoring sheet of QĐ 26/2026/QĐ-TTg, Phụ lục II. One row per assessment, one row per answered
-- criterion. Nothing stores "the current criterion": it is derived from the answers.
CREATE TABLE self_assessments (
    id             INTEGER PRIMARY KEY,
    owner_user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    application_id INTEGER REFERENCES applications (id) ON DELETE SET NULL,
    product        TEXT    NOT NULL DEFAULT '',  -- the product as the producer named it
    sheet          INTEGER CHECK (sheet BETWEEN 1 AND 26),  -- NULL until a set is chosen
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    completed_at   TEXT                           -- when every criterion had an answer
);
CREATE INDEX self_assessments_owner ON self_assessments (owner_user_id, id);
CREATE INDEX self_assessments_application ON self_assessments (application_id, id);

-- points NULL: left to the council (only criteria the council judges); option_index: the
-- option chosen, in the sheet's order; evidence NULL: not asked yet, '' : none given.
CREATE TABLE self_assessment_answers (
    assessment_id INTEGER NOT NULL REFERENCES self_assessments (id) ON DELETE CASCADE,
    criterion     TEXT    NOT NULL,
    points        INTEGER,
    option_index  INTEGER,
    evidence      TEXT,
    updated_at    TEXT    NOT NULL,
    PRIMARY KEY (assessment_id, criterion)
);

-- Re-evaluation reminders (issue 12 item 5): a certificate's issue date, for whom, and each
-- reminder (stage) once it was queued in the outbox or given up as missed. A stage row is
-- written in the same transaction as its outbox row, so a stage is never sent twice.
CREATE TABLE certificate_reminders (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    application_id INTEGER REFERENCES applications (id) ON DELETE SET NULL,
    product        TEXT    NOT NULL DEFAULT '',
    issued_on      TEXT    NOT NULL,              -- YYYY-MM-DD, the decision's date
    created_at     TEXT    NOT NULL,
    stopped_at     TEXT                           -- the producer turned it off
);
CREATE INDEX certificate_reminders_user ON certificate_reminders (user_id, id);

CREATE TABLE certificate_reminder_stages (
    reminder_id INTEGER NOT NULL REFERENCES certificate_reminders (id) ON DELETE CASCADE,
    stage       TEXT    NOT NULL CHECK (stage IN ('opens', 'closing', 'expiry')),
    outcome     TEXT    NOT NULL CHECK (outcome IN ('queued', 'told', 'missed')),
    outbox_id   INTEGER,
    at          TEXT    NOT NULL,
    PRIMARY KEY (reminder_id, stage)
);
