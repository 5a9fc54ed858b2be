-- User search (the admin list and the Jami clients' directory search) matches a substring of the username or of the
-- lower-cased display name (LIKE '%q%'), which no b-tree index serves: with 100,000 users every search read and
-- lower-cased every row, 80 to 140 ms a query here. Trigram indexes find the users that contain a string of three or
-- more characters directly. pg_trgm comes with PostgreSQL and any database owner may create it (a trusted extension
-- since PostgreSQL 13); where it cannot be created, search works as before, reading the whole table.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
    RAISE WARNING 'pg_trgm is not available (%): user search reads the whole users table', SQLERRM;
END $$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX users_username_trgm ON users USING gin (username gin_trgm_ops);
        CREATE INDEX users_display_name_trgm ON users USING gin (lower(display_name) gin_trgm_ops);
    END IF;
END $$;
