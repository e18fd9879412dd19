using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Xunit;

namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>Real silos on the project's SQL: membership, grain state, reminders, and start-up failure.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(PostgresDatabase db)
{
    private const int Active = 3;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_silos_join_and_are_active_in_the_membership_table()
    {
        db.EnsureAvailable();
        await using var cluster = await db.StartClusterAsync();

        var expected = cluster.Silos.Select(s => s.SiloAddress).ToList();
        Assert.Equal(2, expected.Count);

        var members = await PgAssert.EventuallyAsync(
            () => PgAssert.QueryAsync(
                db.ConnectionString,
                "SELECT address, port, generation, status, extract(epoch FROM now() - i_am_alive_time) FROM aitbc_cluster_member WHERE deployment_id = @id",
                ("id", cluster.Options.ClusterId)),
            rows => rows.Count(r => (int)r[3]! == Active) == 2,
            Settle);

        foreach (var silo in expected)
        {
            var row = Assert.Single(members, r =>
                (string)r[0]! == silo.Endpoint.Address.ToString() && (int)r[1]! == silo.Endpoint.Port && (int)r[2]! == silo.Generation);
            Assert.Equal(Active, (int)row[3]!);

            // Heartbeats are UTC instants; a time-zone slip between Npgsql and the column type would show up as hours here.
            Assert.InRange(Convert.ToDouble(row[4], System.Globalization.CultureInfo.InvariantCulture), -120, 600);
        }

        var version = await PgAssert.QueryAsync(db.ConnectionString, "SELECT version FROM aitbc_cluster_version WHERE deployment_id = @id", ("id", cluster.Options.ClusterId));
        Assert.True((int)Assert.Single(version)[0]! >= 2, "each join bumps the table version");

        // The client found its gateways through GatewaysQueryKey; a round trip proves it.
        var snapshot = await cluster.GrainFactory.GetGrain<IPgProbeGrain>("membership").Get();
        Assert.Equal(0, snapshot.Total);
    }

    [Fact]
    public async Task Grain_state_survives_a_full_restart_and_keeps_its_etag_sequence()
    {
        db.EnsureAvailable();
        string clusterId, serviceId;

        await using (var first = await db.StartClusterAsync())
        {
            (clusterId, serviceId) = (first.Options.ClusterId, first.Options.ServiceId);
            var grain = first.GrainFactory.GetGrain<IPgProbeGrain>("restart");
            Assert.Equal("1", (await grain.Add(5, "a")).ETag);
            var written = await grain.Add(7, "b");
            Assert.Equal("2", written.ETag);
            await grain.SetDefault("hello");
            await first.StopAllSilosAsync(TestContext.Current.CancellationToken);
        }

        // Both providers ("aitbc" and the default one) share the table, one row per state.
        var rows = await PgAssert.QueryAsync(
            db.ConnectionString,
            "SELECT grain_type, version, payload IS NOT NULL FROM aitbc_grain_state WHERE service_id = @s ORDER BY grain_type",
            ("s", serviceId));
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.True((bool)r[2]!));
        Assert.Equal([1, 2], rows.Select(r => (int)r[1]!).Order());

        await using var second = await db.StartClusterAsync(clusterId: clusterId, serviceId: serviceId);
        var again = second.GrainFactory.GetGrain<IPgProbeGrain>("restart");

        var read = await again.Get();
        Assert.Equal(12, read.Total);
        Assert.Equal(["a", "b"], read.Notes);
        Assert.Equal("2", read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal("hello", read.DefaultValue);
        Assert.Equal("1", read.DefaultETag);

        var afterRestart = await again.Add(1, "c");
        Assert.Equal(13, afterRestart.Total);
        Assert.Equal("3", afterRestart.ETag);

        // Clear keeps the row and advances the version, so the next write continues the sequence.
        await again.Clear();
        var cleared = await again.Get();
        Assert.Equal(0, cleared.Total);
        Assert.False(cleared.RecordExists);
        Assert.Equal("4", cleared.ETag);
        Assert.Equal("5", (await again.Add(2, "d")).ETag);

        // Someone else wrote behind the activation's back: its stale ETag must be refused.
        var bumped = await PgAssert.ExecuteAsync(
            db.ConnectionString,
            "UPDATE aitbc_grain_state SET version = version + 10 WHERE service_id = @s AND version = 5",
            ("s", serviceId));
        Assert.Equal(1, bumped);
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => again.Add(1, "stale"));
    }

    [Fact]
    public async Task Reminder_is_stored_and_read_back_after_restart()
    {
        db.EnsureAvailable();
        var period = TimeSpan.FromMinutes(2);
        string clusterId, serviceId;
        GrainId grainId;

        await using (var first = await db.StartClusterAsync())
        {
            (clusterId, serviceId) = (first.Options.ClusterId, first.Options.ServiceId);
            var grain = first.GrainFactory.GetGrain<IPgProbeGrain>("reminders");
            grainId = grain.GetGrainId();
            await grain.RegisterReminder("tick", period);
            await grain.RegisterReminder("tick", period); // upsert of an existing row bumps its ETag
            await first.StopAllSilosAsync(TestContext.Current.CancellationToken);
        }

        var stored = Assert.Single(await PgAssert.QueryAsync(
            db.ConnectionString,
            "SELECT grain_id, reminder_name, period_ms, grain_hash, version FROM aitbc_reminder WHERE service_id = @s",
            ("s", serviceId)));
        Assert.Equal(grainId.ToString(), stored[0]);
        Assert.Equal("tick", stored[1]);
        Assert.Equal((long)period.TotalMilliseconds, stored[2]);
        Assert.Equal(unchecked((int)grainId.GetUniformHashCode()), stored[3]);
        Assert.Equal(2, stored[4]);

        await using var second = await db.StartClusterAsync(clusterId: clusterId, serviceId: serviceId);
        var again = second.GrainFactory.GetGrain<IPgProbeGrain>("reminders");
        Assert.True(await again.HasReminder("tick"));
        Assert.Equal(["tick"], await again.ReminderNames());

        // The table the reminder service uses, queried the way silos do for their ring ranges.
        var table = second.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var row = await table.ReadRow(grainId, "tick", TestContext.Current.CancellationToken);
        Assert.NotNull(row);
        Assert.Equal(period, row.Period);
        Assert.Equal("2", row.ETag);

        var hash = grainId.GetUniformHashCode();
        Assert.Contains(await RangeNames(table, hash - 1, hash), n => n == "tick");       // (h-1, h]
        Assert.DoesNotContain(await RangeNames(table, hash, hash + 1), n => n == "tick"); // begin is exclusive
        Assert.Contains(await RangeNames(table, hash + 1, hash), n => n == "tick");       // wraps the ring
        Assert.Contains(await RangeNames(table, 0, 0), n => n == "tick");                 // whole ring

        Assert.False(await table.RemoveRow(grainId, "tick", "999", TestContext.Current.CancellationToken));
        await again.UnregisterReminder("tick");
        Assert.False(await again.HasReminder("tick"));
        Assert.Empty(await PgAssert.QueryAsync(db.ConnectionString, "SELECT 1 FROM aitbc_reminder WHERE service_id = @s", ("s", serviceId)));
    }

    [Fact]
    public async Task Silo_refuses_to_start_on_a_database_without_the_schema()
    {
        db.EnsureAvailable();
        var empty = await db.CreateDatabaseAsync(applySchema: false, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => PostgresCluster.StartAsync(empty, silos: 1));

        Assert.Contains("orleansquery", PgAssert.AllMessages(error), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Silo_refuses_to_start_when_a_stored_query_is_missing()
    {
        db.EnsureAvailable();
        var partial = await db.CreateDatabaseAsync(applySchema: true, TestContext.Current.CancellationToken);
        await PgAssert.ExecuteAsync(partial, "DELETE FROM OrleansQuery WHERE QueryKey = 'UpdateIAmAlivetimeKey'");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => PostgresCluster.StartAsync(partial, silos: 1));

        var messages = PgAssert.AllMessages(error);
        Assert.Contains("Not all required queries found", messages, StringComparison.Ordinal);
        Assert.Contains("UpdateIAmAlivetimeKey", messages, StringComparison.Ordinal);
    }

    private static async Task<List<string>> RangeNames(IReminderTable table, uint begin, uint end) =>
        [.. (await table.ReadRows(begin, end)).Reminders.Select(r => r.ReminderName)];
}
