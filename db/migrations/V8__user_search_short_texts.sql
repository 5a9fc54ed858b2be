-- Texts of one or two characters are too short for the trigram indexes of V7, so their searches read every user. The
-- users table is wide (each row carries its account certificate), and reading it took 300 to 400 ms with 100,000
-- users. search_text holds what a search matches (the username, a line break, the lower-cased display name), and
-- users_search holds it with the status in username order: a short search reads that narrow index alone, in the
-- order of the page, and never the table's rows. The line break cannot occur in a query that reaches it.
ALTER TABLE users ADD COLUMN search_text TEXT GENERATED ALWAYS AS (username || E'\n' || lower(display_name)) STORED;
CREATE INDEX users_search ON users (username) INCLUDE (search_text, status);

-- Nothing searches or sorts by the lower-cased display name alone.
DROP INDEX users_display_name;
