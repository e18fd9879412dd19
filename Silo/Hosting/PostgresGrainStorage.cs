using Aitbc.Orleans.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// ADO.NET grain storage on PostgreSQL, serialised with the Orleans serializer rather than the JSON default: every
/// state type carries [GenerateSerializer]/[Id] for version-tolerant binary payloads, and the JSON serializer cannot
/// handle some of them (and writes .NET type names into the rows, which breaks on a rename). Writes are batched across
/// the silo's grains (<see cref="BatchedPostgresGrainStorage"/>); reads and clears are the ADO.NET provider's. It sits
/// behind <see cref="GuardedGrainStorage"/>, so a database failure reaches callers as a serialisable
/// StorageUnavailableException rather than an Npgsql exception no client can deserialise.
/// </summary>
public static class PostgresGrainStorage
{
    public static ISiloBuilder AddAitbcPostgresGrainStorage(this ISiloBuilder silo, string name, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var inner = $"{name}.inner";
        var batched = $"{name}.batched";
        silo.AddAdoNetGrainStorage(inner, (OptionsBuilder<AdoNetGrainStorageOptions> options) => options.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = SiloDatabase.NpgsqlInvariant;
            o.ConnectionString = connectionString;
            o.GrainStorageSerializer = new PooledGrainStorageSerializer(serializer);
        }));
        silo.Services.AddGrainStorage(batched, (sp, _) => new BatchedPostgresGrainStorage(
            sp.GetRequiredKeyedService<IGrainStorage>(inner),
            new PostgresStateWriteBatcher(connectionString, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId),
            new PooledGrainStorageSerializer(sp.GetRequiredService<Serializer>())));
        silo.Services.AddGuardedGrainStorage(name, batched);
        return silo;
    }
}
