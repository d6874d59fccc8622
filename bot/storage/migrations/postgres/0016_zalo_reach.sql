-- PostgreSQL's 0016_zalo_reach.sql: ../0016_zalo_reach.sql, which PostgreSQL accepts as written.
-- Issue 13 (Zalo), two small additions.
--
-- How many of an announcement's audience were left out because Zalo cannot
-- reach them now (the Zalo channel not running here, or outside a Zalo OA reply window), so
-- the officer's report says "not reachable on Zalo" for them instead of counting them nowhere.
ALTER TABLE announcements ADD COLUMN zalo_unreachable INTEGER NOT NULL DEFAULT 0;

-- The summary lists the answers numbered 1–23 and numbers its choices from 24: «2» typed on
-- Zalo there is "change answer 2" (passed on as text), not a stale choice. Kept with the menu
-- so it still holds for a number typed after a restart.
ALTER TABLE channel_menus ADD COLUMN text_numbers INTEGER NOT NULL DEFAULT 0
    CHECK (text_numbers IN (0, 1));
