-- Aitbc.Orleans: grain state storage for Microsoft.Orleans.Persistence.AdoNet.
--
-- Contract, as the 10.x provider binds it:
--   * a grain is identified by @ServiceId, @GrainTypeString and the key parts @GrainIdN0,
--     @GrainIdN1 (integer / Guid halves) and @GrainIdExtensionString (string key or key
--     extension, may be NULL); @GrainIdHash and @GrainTypeHash are hashes of those, handy for
--     narrowing the index but never trusted alone;
--   * the ETag is the integer "Version": NULL means "no row yet", every successful write or clear
--     returns the next version, and a write/clear whose @GrainStateVersion is not the stored one
--     must change nothing and return no version (the provider then raises
--     InconsistentStateException);
--   * a cleared grain keeps its row (payload NULL) so its version keeps counting; the optional
--     DeleteStorageKey removes the row instead when DeleteStateOnClear is set;
--   * the payload is whatever the configured IGrainStorageSerializer produced (@PayloadBinary).
-- All named storage providers ("Default", "aitbc", ...) share this table.

CREATE TABLE IF NOT EXISTS aitbc_grain_state
(
    service_id      varchar(150) NOT NULL,
    grain_type_hash integer      NOT NULL,
    grain_type      varchar(512) NOT NULL,
    grain_id_hash   integer      NOT NULL,
    grain_id_n0     bigint       NOT NULL,
    grain_id_n1     bigint       NOT NULL,
    grain_id_ext    varchar(512),
    payload         bytea,
    version         integer      NOT NULL,
    modified_at     timestamptz  NOT NULL DEFAULT now()
);

-- One row per grain. The extension is nullable and '' is a different key from NULL, hence the
-- pair of expressions (portable to PostgreSQL < 15, which lacks NULLS NOT DISTINCT).
CREATE UNIQUE INDEX IF NOT EXISTS aitbc_grain_state_key
    ON aitbc_grain_state (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type,
                          (grain_id_ext IS NULL), (COALESCE(grain_id_ext, '')));

-- A payload over about 2 kB is compressed whenever its row is written, and the largest states (a tenant's account) are
-- rewritten with every job: lz4 costs a fraction of pglz's CPU (pglz_compress was 4 % of the database's samples under
-- load, docs/BENCHMARKS.md session 41). PostgreSQL 14+ built with lz4; elsewhere payloads stay with the default.
DO $lz4$
BEGIN
    IF current_setting('server_version_num')::int >= 140000 THEN
        EXECUTE 'ALTER TABLE aitbc_grain_state ALTER COLUMN payload SET COMPRESSION lz4';
    END IF;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'aitbc_grain_state.payload keeps the default compression: %', SQLERRM;
END
$lz4$;

COMMENT ON TABLE aitbc_grain_state IS
    'Orleans grain state; version is the ETag the storage provider hands to grains.';

CREATE OR REPLACE FUNCTION aitbc_grain_state_write(
    p_grain_id_hash   integer,
    p_grain_id_n0     bigint,
    p_grain_id_n1     bigint,
    p_grain_type_hash integer,
    p_grain_type      text,
    p_grain_id_ext    text,
    p_service_id      text,
    p_version         integer,
    p_payload         bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_new integer;
BEGIN
    IF p_version IS NULL THEN
        -- First write: only valid when no row exists; a concurrent or stale writer loses.
        INSERT INTO aitbc_grain_state
            (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_ext,
             payload, version)
        VALUES
            (p_service_id, p_grain_type_hash, p_grain_type, p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_id_ext,
             p_payload, 1)
        ON CONFLICT DO NOTHING
        RETURNING version INTO v_new;
    ELSE
        UPDATE aitbc_grain_state
        SET payload = p_payload, version = version + 1, modified_at = now()
        WHERE grain_id_hash = p_grain_id_hash AND grain_type_hash = p_grain_type_hash
          AND service_id = p_service_id
          AND grain_id_n0 = p_grain_id_n0 AND grain_id_n1 = p_grain_id_n1
          AND grain_type = p_grain_type
          AND (grain_id_ext IS NULL) = (p_grain_id_ext IS NULL)
          AND COALESCE(grain_id_ext, '') = COALESCE(p_grain_id_ext, '')
          AND version = p_version
        RETURNING version INTO v_new;
    END IF;
    RETURN v_new;
END;
$fn$;

-- Clear keeps the row and advances the version; NULL result means the ETag was stale.
CREATE OR REPLACE FUNCTION aitbc_grain_state_clear(
    p_grain_id_hash   integer,
    p_grain_id_n0     bigint,
    p_grain_id_n1     bigint,
    p_grain_type_hash integer,
    p_grain_type      text,
    p_grain_id_ext    text,
    p_service_id      text,
    p_version         integer)
RETURNS integer
LANGUAGE sql
AS $fn$
    UPDATE aitbc_grain_state
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE grain_id_hash = p_grain_id_hash AND grain_type_hash = p_grain_type_hash
      AND service_id = p_service_id
      AND grain_id_n0 = p_grain_id_n0 AND grain_id_n1 = p_grain_id_n1
      AND grain_type = p_grain_type
      AND (grain_id_ext IS NULL) = (p_grain_id_ext IS NULL)
      AND COALESCE(grain_id_ext, '') = COALESCE(p_grain_id_ext, '')
      AND version = p_version
    RETURNING version;
$fn$;

-- Delete-on-clear: the provider only checks that the returned value differs from the ETag it
-- sent, then forgets the ETag; return the version the row would have had next.
CREATE OR REPLACE FUNCTION aitbc_grain_state_delete(
    p_grain_id_hash   integer,
    p_grain_id_n0     bigint,
    p_grain_id_n1     bigint,
    p_grain_type_hash integer,
    p_grain_type      text,
    p_grain_id_ext    text,
    p_service_id      text,
    p_version         integer)
RETURNS integer
LANGUAGE sql
AS $fn$
    DELETE FROM aitbc_grain_state
    WHERE grain_id_hash = p_grain_id_hash AND grain_type_hash = p_grain_type_hash
      AND service_id = p_service_id
      AND grain_id_n0 = p_grain_id_n0 AND grain_id_n1 = p_grain_id_n1
      AND grain_type = p_grain_type
      AND (grain_id_ext IS NULL) = (p_grain_id_ext IS NULL)
      AND COALESCE(grain_id_ext, '') = COALESCE(p_grain_id_ext, '')
      AND version = p_version
    RETURNING version + 1;
$fn$;

SELECT aitbc_put_orleans_query('ReadFromStorageKey', $q$
SELECT s.payload AS "PayloadBinary", s.version AS "Version"
FROM aitbc_grain_state s
WHERE s.grain_id_hash = @GrainIdHash AND s.grain_type_hash = @GrainTypeHash
  AND s.service_id = @ServiceId
  AND s.grain_id_n0 = @GrainIdN0 AND s.grain_id_n1 = @GrainIdN1
  AND s.grain_type = @GrainTypeString
  AND (s.grain_id_ext IS NULL) = (@GrainIdExtensionString::text IS NULL)
  AND COALESCE(s.grain_id_ext, '') = COALESCE(@GrainIdExtensionString::text, '');
$q$);

SELECT aitbc_put_orleans_query('WriteToStorageKey', $q$
SELECT aitbc_grain_state_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                               @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
       AS "NewGrainStateVersion";
$q$);

SELECT aitbc_put_orleans_query('ClearStorageKey', $q$
SELECT aitbc_grain_state_clear(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                               @GrainIdExtensionString, @ServiceId, @GrainStateVersion)
       AS "NewGrainStateVersion";
$q$);

SELECT aitbc_put_orleans_query('DeleteStorageKey', $q$
SELECT aitbc_grain_state_delete(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                @GrainIdExtensionString, @ServiceId, @GrainStateVersion)
       AS "NewGrainStateVersion";
$q$);
