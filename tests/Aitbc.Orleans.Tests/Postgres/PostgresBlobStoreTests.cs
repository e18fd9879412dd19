using Aitbc.Orleans.Blobs;
using Aitbc.Orleans.Silo.Hosting;
using Aitbc.Orleans.Tests.Blobs;
using Aitbc.Orleans.Tests.Fixtures;
using Npgsql;

namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>The production blob store on the table deploy/sql creates (40-blobs.sql).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBlobStoreTests(PostgresDatabase db)
{
    [Fact]
    public async Task Stores_by_content_and_reads_back()
    {
        db.EnsureAvailable();
        await using var source = NpgsqlDataSource.Create(db.ConnectionString);
        await BlobStoreContract.StoresByContentAndReadsBack(new PostgresBlobStore(source));
    }

    [Fact]
    public async Task Sweeps_what_is_past_retention()
    {
        db.EnsureAvailable();
        await using var source = NpgsqlDataSource.Create(db.ConnectionString);
        await BlobStoreContract.SweepsWhatIsPastRetention(new PostgresBlobStore(source));
    }
}
