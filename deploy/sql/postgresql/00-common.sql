-- Aitbc.Orleans: shared objects for the Orleans ADO.NET providers (PostgreSQL).
--
-- Every provider loads its SQL from OrleansQuery at start-up with the literal statement
--   SELECT QueryKey, QueryText FROM OrleansQuery
-- so the table name and both column names are fixed by the providers; everything else in
-- these scripts (tables, functions, naming) is ours.
--
-- Files are applied in name order by deploy/sql/apply.sh and by the test fixture; each one
-- is idempotent (IF NOT EXISTS / OR REPLACE / ON CONFLICT) so re-applying is an upgrade.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (QueryKey)
);

COMMENT ON TABLE OrleansQuery IS
    'SQL text the Orleans ADO.NET providers execute, keyed by the name the provider asks for. Maintained by deploy/sql.';

-- Upserts one stored query; used by the provider scripts so a re-run replaces old text.
CREATE OR REPLACE FUNCTION aitbc_put_orleans_query(p_key varchar, p_text text)
RETURNS void
LANGUAGE sql
AS $fn$
    INSERT INTO OrleansQuery (QueryKey, QueryText)
    VALUES (p_key, p_text)
    ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
$fn$;
