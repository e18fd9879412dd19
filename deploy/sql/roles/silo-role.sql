-- Aitbc.Orleans: the role the silos connect with, granted what the Orleans ADO.NET providers need and nothing else,
-- and nothing on this database for anyone else. Gateways and miners get no database role at all: they find the
-- silos over TLS (static list or GET /v1/cluster/gateways), never through the database.
--
-- psql variables: silo_role, silo_password (run by create-silo-role.sh, as the owner of the schema objects).

SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION PASSWORD %L', :'silo_role', :'silo_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'silo_role') \gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION PASSWORD %L', :'silo_role', :'silo_password') \gexec

-- This database: only the owner and the silo role may connect.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'silo_role') \gexec

-- The schema: use it, create nothing in it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"silo_role";

-- The providers read their SQL from OrleansQuery; they never change it.
REVOKE ALL ON OrleansQuery FROM PUBLIC;
GRANT SELECT ON OrleansQuery TO :"silo_role";

-- Membership, grain state and reminders: the rows the providers read and write.
REVOKE ALL ON aitbc_cluster_version, aitbc_cluster_member, aitbc_grain_state, aitbc_reminder FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON aitbc_cluster_version, aitbc_cluster_member, aitbc_grain_state, aitbc_reminder TO :"silo_role";

-- Job tensors (PostgresBlobStore): stored, read and swept by retention.
REVOKE ALL ON aitbc_blob FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON aitbc_blob TO :"silo_role";

-- The functions the stored queries call (they run with the caller's rights, so the table grants above apply too).
-- aitbc_put_orleans_query maintains the stored queries: schema owners only.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
SELECT format('GRANT EXECUTE ON FUNCTION %s TO %I', p.oid::regprocedure, :'silo_role')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public' AND p.proname LIKE 'aitbc\_%' AND p.proname <> 'aitbc_put_orleans_query' \gexec
