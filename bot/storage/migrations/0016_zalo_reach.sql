-- Issue 13 (Zalo): how many of an announcement's audience were left out because Zalo cannot
-- reach them now (the Zalo channel not running here, or outside a Zalo OA reply window), so
-- the officer's report says "not reachable on Zalo" for them instead of counting them nowhere.
ALTER TABLE announcements ADD COLUMN zalo_unreachable INTEGER NOT NULL DEFAULT 0;
