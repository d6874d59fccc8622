"""Messages the assistant starts itself: the outbox worker, its pacing, the audience planner."""
