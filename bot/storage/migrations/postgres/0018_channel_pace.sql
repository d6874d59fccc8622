-- PostgreSQL's 0018_channel_pace.sql: ../0018_channel_pace.sql in PostgreSQL's DDL.
-- Pacing across worker processes (issue 16 item 2, issue 17 item 3): one row per channel
-- holds the channel's next free send slot, so that every process sending for the same bot
-- takes its slots from one schedule (bot/storage/pace.py). Times are seconds since the
-- epoch by the database's own clock: next_at is the next free slot, reserved_at the
-- database's time at the last reservation (returned with it).
CREATE TABLE channel_pace (
    channel TEXT PRIMARY KEY,
    next_at DOUBLE PRECISION NOT NULL,
    reserved_at DOUBLE PRECISION NOT NULL
);
