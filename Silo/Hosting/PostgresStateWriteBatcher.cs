using Npgsql;
using NpgsqlTypes;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// Sends a silo's grain-state writes to PostgreSQL in batches: writes that arrive while earlier batches are on their way
/// queue and go together in the next one, one round trip and one commit for all of them. At most
/// <see cref="MaxBatchesInFlight"/> batches are out at once, so a write that finds fewer waits for nothing: batching adds
/// no delay, it only gathers what arrives during a round trip. Each row is written by the stored WriteToStorageKey query
/// (the one the ADO.NET provider runs), so a write's version check decides that write alone: a stale one changes nothing
/// and answers no version. A batch is one implicit transaction: a database error fails every write in it, and none of
/// them is stored.
/// </summary>
public sealed class PostgresStateWriteBatcher(string connectionString, string serviceId)
{
    /// <summary>Batches on their way at once: one gathering while another is out keeps the database busy without queueing behind one slow commit.</summary>
    public const int MaxBatchesInFlight = 2;

    /// <summary>Rows per batch: bounds a batch's size (payloads are a few KB) and what one failure fails.</summary>
    public const int MaxBatchSize = 64;

    private readonly Lock _gate = new();
    private readonly Queue<PendingStateWrite> _queue = new();
    private int _inFlight;
    private string? _query;
    private long _batches;
    private long _writes;

    /// <summary>The cluster's service id: every row this silo writes carries it.</summary>
    public string ServiceId { get; } = serviceId;

    /// <summary>Batches sent and rows written so far (with their version checks, passed or not).</summary>
    public (long Batches, long Writes) Counts => (Interlocked.Read(ref _batches), Interlocked.Read(ref _writes));

    /// <summary>Writes one row; completes with its new version, or null when <paramref name="write"/>'s expected version is not the stored one.</summary>
    public Task<int?> Write(PendingStateWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        bool start;
        lock (_gate)
        {
            _queue.Enqueue(write);
            start = _inFlight < MaxBatchesInFlight;
            if (start)
            {
                _inFlight++;
            }
        }

        if (start)
        {
            // Off the caller's scheduler (a grain's): the loop serves every grain of the silo.
            _ = Task.Run(Drain);
        }

        return write.Done.Task;
    }

    private async Task Drain()
    {
        while (true)
        {
            PendingStateWrite[] batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _inFlight--;
                    return;
                }

                batch = new PendingStateWrite[Math.Min(_queue.Count, MaxBatchSize)];
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = _queue.Dequeue();
                }
            }

            try
            {
                var versions = await Send(batch);
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i].Done.TrySetResult(versions[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var write in batch)
                {
                    write.Done.TrySetException(ex);
                }
            }
        }
    }

    private async Task<int?[]> Send(PendingStateWrite[] batch)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var query = _query ??= await ReadQuery(connection);
        await using var command = new NpgsqlBatch(connection);
        foreach (var write in batch)
        {
            var row = new NpgsqlBatchCommand(query);
            var key = write.Key;
            row.Parameters.Add(new NpgsqlParameter<int>("GrainIdHash", NpgsqlDbType.Integer) { TypedValue = key.IdHash });
            row.Parameters.Add(new NpgsqlParameter<long>("GrainIdN0", NpgsqlDbType.Bigint) { TypedValue = key.N0 });
            row.Parameters.Add(new NpgsqlParameter<long>("GrainIdN1", NpgsqlDbType.Bigint) { TypedValue = key.N1 });
            row.Parameters.Add(new NpgsqlParameter<int>("GrainTypeHash", NpgsqlDbType.Integer) { TypedValue = key.TypeHash });
            row.Parameters.Add(new NpgsqlParameter<string>("GrainTypeString", NpgsqlDbType.Text) { TypedValue = key.Type });
            row.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", NpgsqlDbType.Text) { Value = (object?)key.Extension ?? DBNull.Value });
            row.Parameters.Add(new NpgsqlParameter<string>("ServiceId", NpgsqlDbType.Text) { TypedValue = ServiceId });
            row.Parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlDbType.Integer) { Value = (object?)write.ExpectedVersion ?? DBNull.Value });
            row.Parameters.Add(new NpgsqlParameter<byte[]>("PayloadBinary", NpgsqlDbType.Bytea) { TypedValue = write.Payload });
            command.BatchCommands.Add(row);
        }

        var versions = new int?[batch.Length];
        await using (var reader = await command.ExecuteReaderAsync())
        {
            for (var i = 0; i < batch.Length; i++)
            {
                if (i > 0 && !await reader.NextResultAsync())
                {
                    throw new InvalidOperationException($"The batch of {batch.Length} state writes answered {i} results");
                }

                versions[i] = await reader.ReadAsync() && !await reader.IsDBNullAsync(0) ? reader.GetInt32(0) : null;
            }
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _writes, batch.Length);
        return versions;
    }

    /// <summary>The stored write query, without the statement terminator a batch command may not carry.</summary>
    private static async Task<string> ReadQuery(NpgsqlConnection connection)
    {
        await using var read = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'", connection);
        var text = await read.ExecuteScalarAsync() as string
            ?? throw new InvalidOperationException("The database has no WriteToStorageKey query: apply deploy/sql/postgresql first");
        return text.Trim().TrimEnd(';').Trim();
    }
}
