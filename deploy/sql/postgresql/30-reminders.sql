-- Aitbc.Orleans: reminder storage for Microsoft.Orleans.Reminders.AdoNet.
--
-- Contract, as the 10.x provider binds it:
--   * a reminder is (@ServiceId, @GrainId, @ReminderName); @GrainId is the GrainId's string form;
--   * @GrainHash is GrainId.GetUniformHashCode() cast from uint to int, so ring positions are
--     stored signed;
--   * range reads are ring arcs (BeginHash, EndHash]: the provider picks ReadRangeRows1Key when
--     begin < end in SIGNED order (a plain interval) and ReadRangeRows2Key otherwise (the arc
--     wraps past int.MaxValue, or begin = end meaning the whole ring);
--   * @Period is milliseconds, bound as int or, beyond int.MaxValue, as bigint; read back as Int64;
--   * the ETag is the integer "Version": upsert returns the new one, delete succeeds (single
--     boolean column) only when @Version still matches.

CREATE TABLE IF NOT EXISTS aitbc_reminder
(
    service_id    varchar(150) NOT NULL,
    grain_id      varchar(512) NOT NULL,
    reminder_name varchar(150) NOT NULL,
    grain_hash    integer      NOT NULL,
    start_time    timestamptz  NOT NULL,
    period_ms     bigint       NOT NULL,
    version       integer      NOT NULL,
    CONSTRAINT aitbc_reminder_pk PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo periodically reads the arc of the hash ring it owns.
CREATE INDEX IF NOT EXISTS aitbc_reminder_ring ON aitbc_reminder (service_id, grain_hash);

COMMENT ON TABLE aitbc_reminder IS
    'Orleans durable reminders; version is the ETag handed back to the reminder service.';

SELECT aitbc_put_orleans_query('UpsertReminderRowKey', $q$
INSERT INTO aitbc_reminder AS r (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 1)
ON CONFLICT ON CONSTRAINT aitbc_reminder_pk DO UPDATE
    SET grain_hash = EXCLUDED.grain_hash,
        start_time = EXCLUDED.start_time,
        period_ms  = EXCLUDED.period_ms,
        version    = r.version + 1
RETURNING r.version AS "Version";
$q$);

SELECT aitbc_put_orleans_query('ReadReminderRowKey', $q$
SELECT r.grain_id AS "GrainId", r.reminder_name AS "ReminderName", r.start_time AS "StartTime",
       r.period_ms AS "Period", r.version AS "Version"
FROM aitbc_reminder r
WHERE r.service_id = @ServiceId AND r.grain_id = @GrainId AND r.reminder_name = @ReminderName;
$q$);

SELECT aitbc_put_orleans_query('ReadReminderRowsKey', $q$
SELECT r.grain_id AS "GrainId", r.reminder_name AS "ReminderName", r.start_time AS "StartTime",
       r.period_ms AS "Period", r.version AS "Version"
FROM aitbc_reminder r
WHERE r.service_id = @ServiceId AND r.grain_id = @GrainId;
$q$);

SELECT aitbc_put_orleans_query('ReadRangeRows1Key', $q$
SELECT r.grain_id AS "GrainId", r.reminder_name AS "ReminderName", r.start_time AS "StartTime",
       r.period_ms AS "Period", r.version AS "Version"
FROM aitbc_reminder r
WHERE r.service_id = @ServiceId
  AND r.grain_hash > @BeginHash AND r.grain_hash <= @EndHash;
$q$);

SELECT aitbc_put_orleans_query('ReadRangeRows2Key', $q$
SELECT r.grain_id AS "GrainId", r.reminder_name AS "ReminderName", r.start_time AS "StartTime",
       r.period_ms AS "Period", r.version AS "Version"
FROM aitbc_reminder r
WHERE r.service_id = @ServiceId
  AND (r.grain_hash > @BeginHash OR r.grain_hash <= @EndHash);
$q$);

SELECT aitbc_put_orleans_query('DeleteReminderRowKey', $q$
WITH gone AS (
    DELETE FROM aitbc_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM gone) AS "Deleted";
$q$);

SELECT aitbc_put_orleans_query('DeleteReminderRowsKey', $q$
DELETE FROM aitbc_reminder WHERE service_id = @ServiceId;
$q$);
