using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tests.Fixtures;
using Npgsql;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// A production cluster as `deploy/scripts/local-cluster.sh up` starts it (its own PostgreSQL on a free port, 2 silos and
/// 1 gateway in production mode with TLS, the Release build), a submitter funded through the API, the demo model, and a
/// `MinerClient run --simulate N` process whose rigs answer after a synthetic delay. Simulated GPUs are admitted, no
/// stake is needed and the gateway's rate limit is out of the way. The database's statement counts
/// (pg_stat_statements) give the round trips per job.
/// </summary>
public sealed class ProductionSystem : IAsyncDisposable
{
    private readonly string _dir;
    private readonly string _admin;
    private readonly string _database;
    private readonly Process _miner;
    private readonly DirectoryInfo _minerState;
    private readonly IReadOnlyList<Uri> _siloMetrics;
    private readonly HttpClient _metricsHttp = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ProductionSystem(string dir, string admin, string database, Process miner, DirectoryInfo minerState, JobTraffic traffic, IReadOnlyList<Uri> siloMetrics)
    {
        _siloMetrics = siloMetrics;
        _dir = dir;
        _admin = admin;
        _database = database;
        _miner = miner;
        _minerState = minerState;
        Traffic = traffic;
    }

    public JobTraffic Traffic { get; }

    /// <summary>CPU used so far by the cluster's processes (silos, gateway, PostgreSQL and its backends) and the miner.</summary>
    public TimeSpan ClusterCpu() => ProcessTreeCpu.Read(_dir, _miner.Id);

    /// <summary>The same CPU by process (each silo, the gateway, PostgreSQL with its backends, the miner).</summary>
    public IReadOnlyDictionary<string, TimeSpan> ClusterCpuByProcess() => ProcessTreeCpu.ReadByProcess(_dir, _miner.Id);

    /// <summary>The silos' /metrics pages now, summed over the silos (Orleans messaging counters, the job steps' histograms).</summary>
    public Task<PrometheusReading> SiloMetrics() => PrometheusReading.ReadAsync(_metricsHttp, _siloMetrics);

    public static async Task<ProductionSystem> StartAsync(int simulatedGpus, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var dir = Path.Combine(Path.GetTempPath(), $"aitbc-bench-prod-{Guid.NewGuid():N}");
        var (code, output) = await Script(dir, "up", TimeSpan.FromMinutes(8));
        if (code != 0)
        {
            await Script(dir, "down", TimeSpan.FromMinutes(2));
            throw new InvalidOperationException($"local-cluster.sh up failed ({code}):\n{output}");
        }

        var values = Values(output);
        var env = Values(await File.ReadAllTextAsync(Path.Combine(dir, "cluster.env")));
        var gateway = new Uri(values["GATEWAY_URL"]);
        var admin = NpgsqlFromUrl(env["ADMIN_URL"]);
        var database = env["DATABASE"];
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
            await create.ExecuteNonQueryAsync();
        }

        using var operatorHttp = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        operatorHttp.DefaultRequestHeaders.Add("X-Api-Key", values["OPERATOR_KEY"]);
        using var created = await operatorHttp.PostAsJsonAsync("/v1/keys", new { accountId = "bench", roles = new[] { "submitter" } });
        var key = (await created.Content.ReadFromJsonAsync<JsonObject>())?["key"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"no submitter key: {created.StatusCode}");
        using (var credit = await operatorHttp.PostAsJsonAsync("/v1/accounts/bench/credit", new { amount = 100_000_000m, operationId = "bench-funds" }))
        {
            credit.EnsureSuccessStatusCode();
        }

        using (var submitter = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) })
        using (var upload = new ByteArrayContent(DemoModels.Default.ModelBytes))
        {
            submitter.DefaultRequestHeaders.Add("X-Api-Key", key);
            upload.Headers.ContentType = new("application/octet-stream");
            using var response = await submitter.PostAsync("/v1/models?name=demo&license=MIT&published=true", upload);
            response.EnsureSuccessStatusCode();
        }

        var state = Directory.CreateTempSubdirectory("aitbc-bench-miner-");
        var minerEnvironment = new Dictionary<string, string>
        {
            ["AITBC_API_KEY"] = key,
            ["AITBC_MINER_MinerId"] = "bench-miner",
            ["AITBC_MINER_StateDirectory"] = state.FullName,
            ["AITBC_MINER_Concurrency"] = "8",
        };
        var url = gateway.ToString();
        using (var enroll = Miner(["enroll", "--gateway", url], minerEnvironment))
        {
            var text = enroll.StandardOutput.ReadToEndAsync();
            await enroll.WaitForExitAsync();
            if (enroll.ExitCode != 0)
            {
                throw new InvalidOperationException($"MinerClient enroll failed: {await text}");
            }
        }

        var miner = Miner(["run", "--coordinator", url, "--simulate", simulatedGpus.ToString(CultureInfo.InvariantCulture), "--synthetic-delay-ms", "1"], minerEnvironment);
        miner.StandardOutput.ReadToEndAsync().ContinueWith(_ => { }, TaskScheduler.Default).GetAwaiter();
        var siloMetrics = env["SILO_URLS"].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(new Uri(u), "/metrics")).ToList();
        var system = new ProductionSystem(dir, admin, database, miner, state, new JobTraffic(gateway, key), siloMetrics);
        log($"production cluster up at {gateway}; waiting for {simulatedGpus} simulated GPUs");
        var ready = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            try
            {
                await system.Traffic.SubmitJob(0);
                // Every rig registers within a heartbeat or two of the first.
                await Task.Delay(TimeSpan.FromSeconds(10));
                return system;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < ready)
            {
                await Task.Delay(1000);
            }
        }
    }

    /// <summary>A connection to the cluster's database as its administrator (statistics and state rows).</summary>
    private async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Statements the cluster's processes have run in its database since the last reset (each one round trip).</summary>
    public async Task<long> Statements(bool reset = false)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var count = new NpgsqlCommand(
            "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid " +
            "WHERE d.datname = current_database() AND s.query NOT LIKE '%pg_stat_statements%'", connection);
        var calls = (long)(await count.ExecuteScalarAsync())!;
        if (reset)
        {
            await using var clear = new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection);
            await clear.ExecuteNonQueryAsync();
        }

        return calls;
    }

    /// <summary>
    /// Transactions committed or rolled back in the cluster's database so far: its round trips that end a transaction,
    /// which is every statement sent alone and every batch of statements once (a batch runs as one implicit transaction).
    /// PostgreSQL publishes a backend's counts at most a second after its transaction, so read it after a pause.
    /// </summary>
    public async Task<long> Transactions()
    {
        await Task.Delay(TimeSpan.FromSeconds(2));
        await using var connection = await OpenDatabaseAsync();
        await using var count = new NpgsqlCommand(
            "SELECT (xact_commit + xact_rollback)::bigint FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Each grain type's stored versions, summed: the writes its grains have made so far (every write and clear moves a
    /// row's version by one; rows removed on clear are not counted).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> WritesByGrainType()
    {
        await using var connection = await OpenDatabaseAsync();
        await using var sum = new NpgsqlCommand("SELECT grain_type, sum(version)::bigint FROM aitbc_grain_state GROUP BY grain_type", connection);
        var writes = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await sum.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            writes[reader.GetString(0)] = reader.GetInt64(1);
        }

        return writes;
    }

    /// <summary>
    /// Each grain type's rows with their mean payload as serialised and as stored (PostgreSQL compresses a value over about
    /// 2 kB, and moves it out of line if it is still that large, which makes every rewrite of it costlier), largest stored first.
    /// </summary>
    public async Task<IReadOnlyList<(string GrainType, long Rows, int MeanBytes, int MeanStoredBytes, int MaxBytes)>> PayloadSizes()
    {
        await using var connection = await OpenDatabaseAsync();
        await using var sizes = new NpgsqlCommand(
            "SELECT grain_type, count(*), coalesce(avg(octet_length(payload)), 0)::int, coalesce(avg(pg_column_size(payload)), 0)::int, " +
            "coalesce(max(octet_length(payload)), 0) FROM aitbc_grain_state GROUP BY grain_type ORDER BY 4 DESC", connection);
        var rows = new List<(string, long, int, int, int)>();
        await using var reader = await sizes.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)));
        }

        return rows;
    }

    /// <summary>The statements the cluster ran most since the last reset, with calls per job.</summary>
    public async Task<IReadOnlyList<(string Query, long Calls)>> TopStatements(int count)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var top = new NpgsqlCommand(
            "SELECT left(regexp_replace(s.query, '\\s+', ' ', 'g'), 80), s.calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid " +
            "WHERE d.datname = current_database() AND s.query NOT LIKE '%pg_stat_statements%' ORDER BY s.calls DESC LIMIT @n", connection);
        top.Parameters.AddWithValue("n", count);
        var rows = new List<(string, long)>();
        await using var reader = await top.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        Traffic.Dispose();
        _metricsHttp.Dispose();
        try
        {
            _miner.Kill(entireProcessTree: true);
            await _miner.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _miner.Dispose();
        await Script(_dir, "down", TimeSpan.FromMinutes(2));
        _minerState.Delete(recursive: true);
    }

    private static Process Miner(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        MinerDaemon.StartProcess(arguments, environment);

    private static Task<(int Code, string Output)> Script(string dir, string verb, TimeSpan timeout) =>
        LocalClusterScript.RunAsync(RepoPaths.Root, dir, verb, "Release", new Dictionary<string, string>
        {
            ["AITBC_SILO_ARGS"] = "--Aitbc:Fleet:AllowSimulatedGpus=true --Aitbc:Fleet:MinimumStake=0 --Aitbc:Verification:ChallengeEnabled=false",
            ["AITBC_GATEWAY_ARGS"] = "--Aitbc:Gateway:RateLimit:PermitLimit=100000000",

            // The cluster's processes run the GC they are built with (server), whatever this process runs.
            ["DOTNET_gcServer"] = "1",
        }, timeout);

    private static Dictionary<string, string> Values(string text) => LocalClusterScript.Values(text);

    /// <summary>postgresql://user:password@host:port/db as a Npgsql connection string.</summary>
    private static string NpgsqlFromUrl(string url)
    {
        var uri = new Uri(url);
        var user = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port,
            Username = Uri.UnescapeDataString(user[0]),
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            Database = uri.AbsolutePath.Trim('/'),
        }.ConnectionString;
    }
}
