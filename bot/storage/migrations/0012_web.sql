-- The officer web page (issue 14): one-time login links and sessions. Only SHA-256 hashes of
-- the link tokens and session ids are kept, so a copy of the database logs nobody in.

-- A login link an officer asked for (chat /web, `ocop-bot officer web-link`): one use,
-- valid for minutes.
CREATE TABLE web_login_links (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT    NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    used_at    TEXT
);
CREATE INDEX web_login_links_user ON web_login_links (user_id);

-- A signed-in browser: the cookie holds the id, the page forms carry `csrf`.
CREATE TABLE web_sessions (
    id         INTEGER PRIMARY KEY,
    id_hash    TEXT    NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);

-- A changed role or commune (an officer removed, an admin demoted, moved to another commune)
-- ends that user's web sessions and unused login links at once, whoever changed it.
CREATE TRIGGER web_end_sessions_on_role_change
AFTER UPDATE OF role, commune_id ON users
WHEN OLD.role IS NOT NEW.role OR OLD.commune_id IS NOT NEW.commune_id
BEGIN
    DELETE FROM web_sessions WHERE user_id = NEW.id;
    DELETE FROM web_login_links WHERE user_id = NEW.id AND used_at IS NULL;
END;
