using System.Net;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService;
using Xunit;

namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>
/// Drives the ADO.NET membership table directly, for the cases a healthy cluster never shows:
/// stale table versions, duplicate inserts, and defunct-silo cleanup.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MembershipTableContractTests(PostgresDatabase db)
{
    [Fact]
    public async Task Writes_carry_the_table_version_and_lose_when_it_is_stale()
    {
        db.EnsureAvailable();
        var ct = TestContext.Current.CancellationToken;
        var table = await OpenAsync($"contract-{Guid.NewGuid():N}");

        var empty = await table.ReadAllAsync(ct);
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);

        var silo = Entry(11111, SiloStatus.Joining);
        Assert.True(await table.InsertRowAsync(silo, empty.Version.Next(), ct));
        Assert.False(await table.InsertRowAsync(Entry(22222, SiloStatus.Joining), empty.Version.Next(), ct)); // version moved on

        var afterInsert = await table.ReadAllAsync(ct);
        Assert.Equal(1, afterInsert.Version.Version);
        Assert.False(await table.InsertRowAsync(silo, afterInsert.Version.Next(), ct)); // same silo twice
        Assert.Equal(1, (await table.ReadAllAsync(ct)).Version.Version); // a refused insert changes nothing

        var (stored, etag) = Assert.Single(afterInsert.Members);
        Assert.Equal(silo.SiloAddress, stored.SiloAddress);
        Assert.Equal("silo-11111", stored.SiloName);
        Assert.Equal(silo.StartTime, stored.StartTime);

        stored.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRowAsync(stored, etag, afterInsert.Version.Next(), ct));
        Assert.False(await table.UpdateRowAsync(stored, etag, afterInsert.Version.Next(), ct)); // stale now

        var heartbeat = DateTime.UtcNow.AddSeconds(5);
        stored.IAmAliveTime = new DateTime(heartbeat.Ticks - (heartbeat.Ticks % 10), DateTimeKind.Utc); // PostgreSQL keeps microseconds
        await table.UpdateIAmAliveAsync(stored, ct);

        var row = await table.ReadRowAsync(silo.SiloAddress, ct);
        Assert.Equal(2, row.Version.Version); // heartbeats do not bump the version
        var (readBack, _) = Assert.Single(row.Members);
        Assert.Equal(SiloStatus.Active, readBack.Status);
        Assert.Equal(stored.IAmAliveTime, readBack.IAmAliveTime);

        var unknown = await table.ReadRowAsync(Entry(33333, SiloStatus.Active).SiloAddress, ct);
        Assert.Empty(unknown.Members);
        Assert.Equal(2, unknown.Version.Version); // the version row comes back even without a member
    }

    [Fact]
    public async Task Cleanup_removes_only_old_dead_silos()
    {
        db.EnsureAvailable();
        var ct = TestContext.Current.CancellationToken;
        var clusterId = $"cleanup-{Guid.NewGuid():N}";
        var table = await OpenAsync(clusterId);
        var old = DateTime.UtcNow.AddHours(-2);

        var deadOld = Entry(40001, SiloStatus.Dead, old);
        var suspector = Entry(40002, SiloStatus.Active, old);
        deadOld.SuspectTimes = [Tuple.Create(suspector.SiloAddress, old.AddMinutes(1))];
        var activeOld = Entry(40003, SiloStatus.Active, old);
        var deadRecent = Entry(40004, SiloStatus.Dead, DateTime.UtcNow);

        foreach (var entry in new[] { deadOld, activeOld, deadRecent })
        {
            var version = (await table.ReadAllAsync(ct)).Version;
            Assert.True(await table.InsertRowAsync(entry, version.Next(), ct));
        }

        // Insert does not store suspicions; an update does, as in a real vote.
        var all = await table.ReadAllAsync(ct);
        var (storedDead, etag) = all.Members.Single(m => m.Item1.SiloAddress.Equals(deadOld.SiloAddress));
        storedDead.SuspectTimes = deadOld.SuspectTimes;
        Assert.True(await table.UpdateRowAsync(storedDead, etag, all.Version.Next(), ct));

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1), ct);

        var left = (await table.ReadAllAsync(ct)).Members.Select(m => m.Item1.SiloAddress).ToList();
        Assert.DoesNotContain(deadOld.SiloAddress, left);
        Assert.Contains(activeOld.SiloAddress, left);
        Assert.Contains(deadRecent.SiloAddress, left);

        await table.DeleteMembershipTableEntriesAsync(clusterId, ct);
        Assert.Empty(await PgAssert.QueryAsync(
            db.ConnectionString,
            "SELECT 1 FROM aitbc_cluster_member WHERE deployment_id = @id UNION ALL SELECT 1 FROM aitbc_cluster_version WHERE deployment_id = @id",
            ("id", clusterId)));
    }

    private async Task<AdoNetClusteringTable> OpenAsync(string clusterId)
    {
        var table = new AdoNetClusteringTable(
            new EmptyServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "contract" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = PostgresCluster.Invariant, ConnectionString = db.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(true, TestContext.Current.CancellationToken);
        return table;
    }

    private static MembershipEntry Entry(int port, SiloStatus status, DateTime? at = null)
    {
        // Whole milliseconds: what survives both PostgreSQL and Orleans' suspect-time text format.
        var time = at ?? DateTime.UtcNow;
        time = new DateTime(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 7),
            SiloName = $"silo-{port}",
            HostName = "contract-host",
            Status = status,
            ProxyPort = port + 1,
            StartTime = time,
            IAmAliveTime = time,
        };
    }
}
