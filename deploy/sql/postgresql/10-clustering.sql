-- Aitbc.Orleans: membership (clustering) storage for Microsoft.Orleans.Clustering.AdoNet.
--
-- Contract, as the 10.x provider binds it (parameter names without '@' are matched by Npgsql
-- to the '@Name' placeholders below):
--   * one version row per deployment (ClusterId); every membership INSERT/UPDATE must carry the
--     table version the silo last read (@Version) and bumps it, which is the provider's only
--     optimistic-concurrency guard;
--   * membership reads always return at least that version row, with member columns NULL when
--     the deployment has no (matching) member: the provider takes "Version" from the first row
--     and treats a NULL "StartTime" as "no member";
--   * the write queries return a single boolean column;
--   * silo status codes are Orleans SiloStatus values: 3 = Active, 6 = Dead.

CREATE TABLE IF NOT EXISTS aitbc_cluster_version
(
    deployment_id varchar(150) NOT NULL,
    version       integer      NOT NULL DEFAULT 0,
    changed_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT aitbc_cluster_version_pk PRIMARY KEY (deployment_id)
);

CREATE TABLE IF NOT EXISTS aitbc_cluster_member
(
    deployment_id   varchar(150) NOT NULL,
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150),
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer,
    suspect_times   text,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    CONSTRAINT aitbc_cluster_member_pk PRIMARY KEY (deployment_id, address, port, generation),
    -- Dropping a deployment's version row drops its members with it.
    CONSTRAINT aitbc_cluster_member_version_fk FOREIGN KEY (deployment_id)
        REFERENCES aitbc_cluster_version (deployment_id) ON DELETE CASCADE
);

COMMENT ON TABLE aitbc_cluster_member IS
    'Orleans silo membership, one row per silo incarnation (address, port, generation). status: 3 Active, 6 Dead.';

-- Creates the version row once; true only for the caller that created it.
CREATE OR REPLACE FUNCTION aitbc_membership_init_version(p_deployment_id text)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    INSERT INTO aitbc_cluster_version (deployment_id, version)
    VALUES (p_deployment_id, 0)
    ON CONFLICT (deployment_id) DO NOTHING;
    RETURN FOUND;
END;
$fn$;

-- Inserts a silo row if the caller's table version is current, then bumps the version.
-- The version row is locked first so concurrent writers serialise on it and exactly one of
-- two silos holding the same version wins.
CREATE OR REPLACE FUNCTION aitbc_membership_insert(
    p_deployment_id    text,
    p_expected_version integer,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_silo_name        text,
    p_host_name        text,
    p_status           integer,
    p_proxy_port       integer,
    p_start_time       timestamptz,
    p_i_am_alive_time  timestamptz)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_current integer;
BEGIN
    SELECT version INTO v_current
    FROM aitbc_cluster_version
    WHERE deployment_id = p_deployment_id
    FOR UPDATE;

    IF v_current IS NULL OR v_current <> p_expected_version THEN
        RETURN false;
    END IF;

    INSERT INTO aitbc_cluster_member
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
         p_start_time, p_i_am_alive_time)
    ON CONFLICT ON CONSTRAINT aitbc_cluster_member_pk DO NOTHING;

    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE aitbc_cluster_version
    SET version = v_current + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN true;
END;
$fn$;

-- Updates status / suspicions / liveness of an existing row under the same version rule.
CREATE OR REPLACE FUNCTION aitbc_membership_update(
    p_deployment_id    text,
    p_expected_version integer,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_current integer;
BEGIN
    SELECT version INTO v_current
    FROM aitbc_cluster_version
    WHERE deployment_id = p_deployment_id
    FOR UPDATE;

    IF v_current IS NULL OR v_current <> p_expected_version THEN
        RETURN false;
    END IF;

    UPDATE aitbc_cluster_member
    SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
    WHERE deployment_id = p_deployment_id
      AND address = p_address AND port = p_port AND generation = p_generation;

    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE aitbc_cluster_version
    SET version = v_current + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN true;
END;
$fn$;

SELECT aitbc_put_orleans_query('InsertMembershipVersionKey', $q$
SELECT aitbc_membership_init_version(@DeploymentId) AS "Inserted";
$q$);

SELECT aitbc_put_orleans_query('InsertMembershipKey', $q$
SELECT aitbc_membership_insert(@DeploymentId, @Version, @Address, @Port, @Generation,
                               @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime) AS "Inserted";
$q$);

SELECT aitbc_put_orleans_query('UpdateMembershipKey', $q$
SELECT aitbc_membership_update(@DeploymentId, @Version, @Address, @Port, @Generation,
                               @Status, @SuspectTimes, @IAmAliveTime) AS "Updated";
$q$);

-- Heartbeat: deliberately outside the version protocol (it changes no membership decision).
SELECT aitbc_put_orleans_query('UpdateIAmAlivetimeKey', $q$
UPDATE aitbc_cluster_member
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation;
$q$);

SELECT aitbc_put_orleans_query('MembershipReadRowKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       COALESCE(m.silo_name, '') AS "SiloName", m.host_name AS "HostName",
       m.status AS "Status", m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM aitbc_cluster_version v
LEFT JOIN aitbc_cluster_member m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
$q$);

SELECT aitbc_put_orleans_query('MembershipReadAllKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       COALESCE(m.silo_name, '') AS "SiloName", m.host_name AS "HostName",
       m.status AS "Status", m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM aitbc_cluster_version v
LEFT JOIN aitbc_cluster_member m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
$q$);

-- Clients ask for gateways with @Status = 3 (Active); silos without a gateway have proxy port 0.
SELECT aitbc_put_orleans_query('GatewaysQueryKey', $q$
SELECT m.address AS "Address", m.proxy_port AS "ProxyPort", m.generation AS "Generation"
FROM aitbc_cluster_member m
WHERE m.deployment_id = @DeploymentId AND m.status = @Status AND m.proxy_port > 0;
$q$);

SELECT aitbc_put_orleans_query('DeleteMembershipTableEntriesKey', $q$
DELETE FROM aitbc_cluster_version WHERE deployment_id = @DeploymentId;
$q$);

-- Bulk fallback: rows not Active whose last heartbeat is older than the cut-off.
SELECT aitbc_put_orleans_query('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM aitbc_cluster_member
WHERE deployment_id = @DeploymentId
  AND i_am_alive_time < @IAmAliveTime
  AND status <> 3;
$q$);

-- Optional in 10.x and preferred when present: the provider re-reads the table, picks Dead rows
-- that are old enough, and deletes each one only if it still holds the values it saw, so a row
-- that changed in between survives.
SELECT aitbc_put_orleans_query('CleanupDefunctSiloEntryKey', $q$
DELETE FROM aitbc_cluster_member
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND COALESCE(suspect_times, '') = COALESCE(@SuspectTimes, '');
$q$);
