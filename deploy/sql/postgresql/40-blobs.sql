-- Aitbc.Orleans: job tensors (inputs and outputs), content-addressed, out of grain state.
--
-- One row per distinct content: digest is the SHA-256 of content in lowercase hex, so storing the same bytes twice
-- stores them once. stored_at is refreshed by every store of the same content and is what retention reads: each
-- silo deletes rows with stored_at older than Aitbc:Blobs:Retention (7 days by default) once per SweepInterval.
-- bytea rather than large objects: rows go with ordinary backups and DELETE (no lo_unlink, no orphaned objects),
-- TOAST compresses and stores them out of line, and a tensor is bounded by the gateway's limits far under 1 GB.
-- Tensors of at most Aitbc:Blobs:InlineBytes (64) bytes stay inline in the job's grain state and never come here.

CREATE TABLE IF NOT EXISTS aitbc_blob
(
    digest    char(64)    NOT NULL PRIMARY KEY,
    content   bytea       NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS aitbc_blob_stored_at ON aitbc_blob (stored_at);

COMMENT ON TABLE aitbc_blob IS
    'Job tensors by SHA-256; rows not stored again within the retention period are deleted by the silos.';
