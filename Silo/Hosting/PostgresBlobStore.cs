using System.Data.Common;
using System.Security.Cryptography;
using Aitbc.Orleans.Blobs;
using Aitbc.Orleans.Storage;
using Npgsql;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// Production blob store: the table aitbc_blob (deploy/sql/postgresql/40-blobs.sql), one bytea row per digest. bytea
/// rather than large objects: rows go with ordinary backups and DELETE, need no lo_unlink, and a tensor is bounded by
/// the gateway's limits well under bytea's 1 GB. Storing existing content only refreshes stored_at (its retention).
/// </summary>
public sealed class PostgresBlobStore(NpgsqlDataSource dataSource) : IBlobStore
{
    public async Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        try
        {
            await using var command = dataSource.CreateCommand(
                "INSERT INTO aitbc_blob (digest, content) VALUES ($1, $2) ON CONFLICT (digest) DO UPDATE SET stored_at = now()");
            command.Parameters.Add(new NpgsqlParameter { Value = digest });
            command.Parameters.Add(new NpgsqlParameter { Value = content });
            await command.ExecuteNonQueryAsync(cancellationToken);
            return digest;
        }
        catch (DbException ex)
        {
            throw StorageUnavailableException.From("blob store write", ex);
        }
    }

    public async Task<byte[]?> GetAsync(string digest, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT content FROM aitbc_blob WHERE digest = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = digest });
            return await command.ExecuteScalarAsync(cancellationToken) as byte[];
        }
        catch (DbException ex)
        {
            throw StorageUnavailableException.From("blob store read", ex);
        }
    }

    public async Task<int> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("DELETE FROM aitbc_blob WHERE stored_at < $1");
            command.Parameters.Add(new NpgsqlParameter { Value = cutoff.UtcDateTime });
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException ex)
        {
            throw StorageUnavailableException.From("blob store sweep", ex);
        }
    }
}
