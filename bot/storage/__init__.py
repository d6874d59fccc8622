"""Storage: the only package that holds SQL. Repositories over one Database (SQLite or
PostgreSQL)."""
