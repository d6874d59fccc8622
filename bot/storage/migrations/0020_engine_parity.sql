-- The whole suite on both engines (issue 17): PostgreSQL's 0020 makes its refusal of a
-- reused application number a constraint violation, as 0015's trigger already is here
-- (RAISE(ABORT): sqlite3.IntegrityError). Nothing changes on SQLite; the file keeps both
-- engines' migrations numbered alike.
SELECT 1;
