"""Storage: the only package that holds SQL. Repositories over one aiosqlite connection."""
