-- Several workers (issue 17): flood control counts a user's recent arrivals in the inbox
-- (bot/storage/inbox.py, flood_verdict) instead of one process's memory.
CREATE INDEX inbox_user_arrivals ON inbox (channel, user_key, received_at);
