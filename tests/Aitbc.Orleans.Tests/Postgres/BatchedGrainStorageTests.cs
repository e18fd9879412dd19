using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Silo.Hosting;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>
/// The batched state writer against the real ADO.NET provider on the same database: rows either writes are rows the
/// other reads and updates, for every kind of grain key; version checks decide each write of a batch alone; and
/// concurrent writes share round trips.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BatchedGrainStorageTests(PostgresDatabase db)
{
    public static TheoryData<string> KeyKinds => ["string", "integer", "integer+extension", "guid", "guid+extension"];

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public async Task Rows_are_shared_with_the_ado_net_provider_for_every_kind_of_key(string kind)
    {
        db.EnsureAvailable();
        await using var stores = await Stores.Start(db.ConnectionString, $"compat-{kind}");
        var grain = kind switch
        {
            "string" => GrainId.Create("probe", "rig-7:gpu-0"),
            "integer" => GrainId.Create(GrainType.Create("probe"), GrainIdKeyExtensions.CreateIntegerKey(42)),
            "integer+extension" => GrainId.Create(GrainType.Create("probe"), GrainIdKeyExtensions.CreateIntegerKey(-7, "eu-central")),
            "guid" => GrainId.Create(GrainType.Create("probe"), GrainIdKeyExtensions.CreateGuidKey(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"))),
            _ => GrainId.Create(GrainType.Create("probe"), GrainIdKeyExtensions.CreateGuidKey(Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), "ext")),
        };

        // Written first by the ADO.NET provider, then updated here: the version check finds its row.
        var state = new GrainState<ProbeState>(new ProbeState { Total = 1, Notes = ["ado.net"] });
        await stores.AdoNet.WriteStateAsync("probe", grain, state);
        Assert.Equal("1", state.ETag);
        state.State!.Total = 2;
        state.State!.Notes.Add("batched");
        await stores.Batched.WriteStateAsync("probe", grain, state);
        Assert.Equal("2", state.ETag);

        // The ADO.NET provider reads what the batched write stored, and updates it in turn.
        var read = new GrainState<ProbeState>(new ProbeState());
        await stores.AdoNet.ReadStateAsync("probe", grain, read);
        Assert.Equal("2", read.ETag);
        Assert.Equal(2, read.State!.Total);
        Assert.Equal(["ado.net", "batched"], read.State!.Notes);
        read.State!.Total = 3;
        await stores.AdoNet.WriteStateAsync("probe", grain, read);
        Assert.Equal("3", read.ETag);

        // A stale version is refused here and changes nothing.
        state.State!.Total = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => stores.Batched.WriteStateAsync("probe", grain, state));
        var after = new GrainState<ProbeState>(new ProbeState());
        await stores.AdoNet.ReadStateAsync("probe", grain, after);
        Assert.Equal(("3", 3), (after.ETag, after.State!.Total));
        Assert.Equal(1, await stores.RowCount());
    }

    [Fact]
    public async Task Concurrent_writes_share_batches_and_each_version_check_decides_its_own_write()
    {
        db.EnsureAvailable();
        await using var stores = await Stores.Start(db.ConnectionString, "batches");
        const int Grains = 200;
        var states = Enumerable.Range(0, Grains)
            .Select(i => (Id: GrainId.Create("probe", $"job-{i}"), State: new GrainState<ProbeState>(new ProbeState { Total = i })))
            .ToArray();

        await Task.WhenAll(states.Select(s => stores.Batched.WriteStateAsync("probe", s.Id, s.State)));
        Assert.All(states, s => Assert.Equal("1", s.State.ETag));
        var (batches, writes) = stores.Batched.Writes.Counts;
        Assert.Equal(Grains, writes);
        // Without batching each write is a round trip; the bound leaves room for a starved enqueuing loop on a busy machine.
        Assert.True(batches <= Grains / 2, $"{Grains} concurrent writes took {batches} round trips");

        // A second round in which two writes are stale: a version behind, and a first write of a row that exists.
        var stale = new GrainState<ProbeState>(new ProbeState { Total = -1 }) { ETag = "7" };
        var duplicate = new GrainState<ProbeState>(new ProbeState { Total = -2 });
        var round = states.Select(s =>
        {
            s.State.State!.Total += 1000;
            return stores.Batched.WriteStateAsync("probe", s.Id, s.State);
        }).ToList();
        var staleWrite = stores.Batched.WriteStateAsync("probe", states[10].Id, stale);
        var duplicateWrite = stores.Batched.WriteStateAsync("probe", states[20].Id, duplicate);
        await Task.WhenAll(round);
        await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
        await Assert.ThrowsAsync<InconsistentStateException>(() => duplicateWrite);
        Assert.All(states, s => Assert.Equal("2", s.State.ETag));

        foreach (var i in new[] { 0, 10, 20, Grains - 1 })
        {
            var read = new GrainState<ProbeState>(new ProbeState());
            await stores.AdoNet.ReadStateAsync("probe", states[i].Id, read);
            Assert.Equal(("2", i + 1000), (read.ETag, read.State!.Total));
        }

        Assert.Equal(Grains, await stores.RowCount());
    }

    /// <summary>The ADO.NET provider as a silo configures it and the batched writer over it, both on one service id.</summary>
    private sealed class Stores : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly string _connectionString;
        private readonly string _serviceId;

        private Stores(ServiceProvider services, string connectionString, string serviceId, AdoNetGrainStorage adoNet, BatchedPostgresGrainStorage batched)
        {
            _services = services;
            _connectionString = connectionString;
            _serviceId = serviceId;
            AdoNet = adoNet;
            Batched = batched;
        }

        public AdoNetGrainStorage AdoNet { get; }

        public BatchedPostgresGrainStorage Batched { get; }

        public static async Task<Stores> Start(string connectionString, string label)
        {
            var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
            var serializer = new PooledGrainStorageSerializer(services.GetRequiredService<Serializer>());
            var serviceId = $"{label}-{Guid.NewGuid():N}";
            var adoNet = new AdoNetGrainStorage(
                services.GetRequiredService<IActivatorProvider>(),
                NullLogger<AdoNetGrainStorage>.Instance,
                Options.Create(new AdoNetGrainStorageOptions { Invariant = SiloDatabase.NpgsqlInvariant, ConnectionString = connectionString, GrainStorageSerializer = serializer }),
                Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }),
                "compat");
            var lifecycle = new RecordingSiloLifecycle();
            adoNet.Participate(lifecycle);
            foreach (var (_, _, observer) in lifecycle.Observers)
            {
                await observer.OnStart(CancellationToken.None);
            }

            return new Stores(services, connectionString, serviceId, adoNet,
                new BatchedPostgresGrainStorage(adoNet, new PostgresStateWriteBatcher(connectionString, serviceId), serializer));
        }

        public async Task<long> RowCount()
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM aitbc_grain_state WHERE service_id = @s", connection);
            count.Parameters.AddWithValue("s", _serviceId);
            return (long)(await count.ExecuteScalarAsync())!;
        }

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }
}
