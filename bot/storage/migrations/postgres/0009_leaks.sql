-- PostgreSQL's 0009_leaks.sql: ../0009_leaks.sql in PostgreSQL's DDL.
-- Whom a queued message is about (issue 11, privacy). A notice to a commune's officers
-- that a producer handed them a question carries that question (often with a phone
-- number); `ocop-bot user forget` must blank it too, not only what was queued *for* the
-- producer. NULL for messages about nobody in particular (announcements, answers).
ALTER TABLE outbox ADD COLUMN about_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX outbox_about_user ON outbox (about_user_id) WHERE about_user_id IS NOT NULL;

-- Hand-off notices queued before this migration: their button opens the question
-- ("o:qo<id>", bot/payloads.py), which names its asker.
UPDATE outbox
SET about_user_id = (
    SELECT q.user_id FROM faq_unanswered q
    WHERE outbox.payload LIKE '%"o:qo' || q.id || '"%'
)
WHERE about_user_id IS NULL AND payload LIKE '%"o:qo%';
