-- PostgreSQL's 0011_zalo.sql: ../0011_zalo.sql in PostgreSQL's DDL.
-- The Zalo channel (issue 13).
--
-- Numbered menus: the Zalo Bot Platform has no buttons, so the buttons of a reply are shown
-- as a list ("1. Hỏi đáp OCOP" …) and what the user types back ("1", or the label) is looked
-- up here. One row per user: the last menu shown to them, kept across restarts, so a digit
-- typed an hour or a day later still means what the user saw. `shown` is 0 while the
-- messages carrying the menu are being sent (a digit then gets the menu again, never a
-- guess); `numbered` is 0 when the message also asks for a number (digits are answers then,
-- and the choices are picked by their label).
CREATE TABLE channel_menus (
    user_id  INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    items    TEXT    NOT NULL,  -- JSON [[label, payload, own number or null], …] as shown
    numbered INTEGER NOT NULL DEFAULT 1 CHECK (numbered IN (0, 1)),
    shown    INTEGER NOT NULL DEFAULT 0 CHECK (shown IN (0, 1)),
    saved_at TEXT    NOT NULL
);

-- Updates a channel has taken in, by (channel, key), e.g. ('zalo',
-- 'message.text.received:<message_id>'): Zalo's getUpdates has no offset and a webhook may
-- deliver again, so the key is remembered (a few days) and a second delivery is dropped.
-- Stands in until the channel-neutral inbox (issue 11) records updates at arrival.
CREATE TABLE channel_updates_seen (
    channel    TEXT NOT NULL,
    update_key TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (channel, update_key)
);
CREATE INDEX channel_updates_seen_at ON channel_updates_seen (seen_at);
