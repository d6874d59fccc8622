-- FAQ: questions the assistant could not answer, and producers' votes on answers.

-- A question answered with "not sure" (reason 'unsure') or refused as outside OCOP
-- ('out_of_scope'). `normalized` groups the same question typed differently for
-- `ocop-bot kb gaps`. `handoff_requested` is set when the producer asks to pass the
-- question to the commune officer (the officer side reads those rows).
CREATE TABLE faq_unanswered (
    id                INTEGER PRIMARY KEY,
    user_id           INTEGER REFERENCES users (id) ON DELETE SET NULL,
    commune_id        TEXT,
    question          TEXT    NOT NULL,
    normalized        TEXT    NOT NULL,
    reason            TEXT    NOT NULL CHECK (reason IN ('unsure', 'out_of_scope')),
    best_entry_id     TEXT,
    score             REAL    NOT NULL DEFAULT 0,
    handoff_requested INTEGER NOT NULL DEFAULT 0 CHECK (handoff_requested IN (0, 1)),
    handoff_at        TEXT,
    created_at        TEXT    NOT NULL
);
CREATE INDEX faq_unanswered_normalized ON faq_unanswered (normalized);
CREATE INDEX faq_unanswered_handoff ON faq_unanswered (handoff_requested, commune_id);

-- 👍 (+1) / 👎 (-1) on an FAQ entry's answer; one vote per user and entry, the last wins.
CREATE TABLE faq_votes (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    entry_id   TEXT    NOT NULL,
    vote       INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    created_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, entry_id)
);
CREATE INDEX faq_votes_entry ON faq_votes (entry_id);
