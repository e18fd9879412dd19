using System.Diagnostics;
using System.Net.Http.Json;
using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (3) End to end: jobs per second through the real HTTP gateway (loopback Kestrel, JSON, API key, validation) →
/// job grain (escrow hold, routing, reservation, dispatch to the miner's observer) → simulated miners answering at once
/// with signed outputs (a 0 ms synthetic executor) → settlement. Each request is POST /v1/jobs?wait=30 and counts only
/// when the answer is 200 with a completed job. Baseline: client ping rate on the same silo.
/// </summary>
public sealed class EndToEndScenario : IScenario
{
    public string Name => "e2e";

    public string Description => "(3) jobs/s end to end through the HTTP gateway, simulated miners with a 0 ms executor";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Sizes;
        await using var cluster = await context.StartClusterAsync();
        await using var gateway = await GatewayHost.StartAsync(cluster.Client);
        var grains = cluster.Client;

        // 25 miners × 4 GPUs (4 concurrent jobs each) around Frankfurt; the clients are there too.
        var miners = new List<SigningEchoMiner>();
        var random = new Random(3);
        for (var m = 0; m < 25; m++)
        {
            var miner = new SigningEchoMiner(grains, $"e2e-miner-{m}");
            miners.Add(miner);
            var gpus = Enumerable.Range(0, 4).Select(i => new GpuRegistration(
                $"e2e-miner-{m}:{i}", "", "NVIDIA GeForce RTX 4090", 24564, GpuVendor.Nvidia, "CUDA",
                new GeoPoint(50.1 + random.NextDouble(), 8.6 + random.NextDouble()), 0.0001m, null, null, 4, Simulated: true)).ToArray();
            await miner.RegisterAsync(cluster.Client, gpus);
        }

        await grains.GetGrain<IAccountGrain>("dev").Apply(new LedgerOperation("bench-dev-funding", LedgerOperationKind.Credit, 1_000_000m, "bench funding"));
        var spec = new TensorSpec("input", TensorElementType.Float32, [-1, 4]);
        var model = await ModelStore.PutAsync(grains, "e2e", "MIT", "dev", new byte[1024], [spec], [spec with { Name = "output" }], DateTimeOffset.UtcNow);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = gateway.Address };
        http.DefaultRequestHeaders.Add("X-Api-Key", "dev-key");
        var body = new
        {
            modelId = model.ModelId,
            latencyClass = "fast",
            client = new { lat = 50.5, lon = 9.0 },
            maxPrice = 0.01,
            inputs = new Dictionary<string, object> { ["input"] = new { type = "float32", shape = new[] { 1, 4 }, data = new[] { 1, 2, 3, 4 } } },
        };

        var baseline = await PingMeasurements.FromClientAsync(cluster, s.Concurrency, s.Warmup / 4, s.BaselineDuration);
        context.Log($"e2e: client ping baseline {baseline}");
        var concurrency = Math.Min(32, s.Concurrency);
        using var writes = new StorageWriteCounter();
        var callsBefore = cluster.Calls.Snapshot();
        var writesBefore = writes.Snapshot();
        var result = await LoadGenerator.RunAsync(concurrency, s.Warmup, s.Duration, async _ =>
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("/v1/jobs?wait=30", body);
            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode != 200 || !text.Contains("\"status\":\"completed\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{(int)response.StatusCode}: {text[..Math.Min(200, text.Length)]}");
            }

            return Stopwatch.GetTimestamp() - started;
        });
        context.Log($"e2e: {result}");
        var calls = GrainCallCounter.Difference(callsBefore, cluster.Calls.Snapshot()).ToArray();

        // Per submitted job (warm-up included: the counters run across both phases).
        var jobs = Math.Max(1, calls.Where(c => c.Method.EndsWith("IJobGrain.Submit", StringComparison.Ordinal)).Sum(c => c.Calls));
        var written = GrainCallCounter.Difference(writesBefore, writes.Snapshot()).ToArray();
        var callsPerJob = calls.Sum(c => c.Calls) / (double)jobs;
        var writesPerJob = written.Sum(c => c.Calls) / (double)jobs;
        context.Log($"e2e: {callsPerJob:0.0} grain calls per job: " + string.Join(", ", calls.Take(25).Select(c => $"{c.Method} {c.Calls / (double)jobs:0.00}")));
        context.Log($"e2e: {writesPerJob:0.0} storage writes per job: " + string.Join(", ", written.Select(c => $"{c.Method} {c.Calls / (double)jobs:0.00}")));
        context.CheckErrors("e2e", result);
        const string scenario = "3 end to end";
        var met = result.PerSecond >= 5000 ? TargetStatus.Met : TargetStatus.Missed;
        context.Report.Add(new ResultRow(scenario, $"jobs/s through the HTTP gateway ({concurrency} outstanding)", result.PerSecond, "/s", "client ping /s", baseline.PerSecond, "≥ 5,000/s", met));
        context.Report.Add(new ResultRow(scenario, "job p50 (submit to completed result)", result.P50Ms, "ms", "client ping p50", baseline.P50Ms));
        context.Report.Add(new ResultRow(scenario, "job p99", result.P99Ms, "ms", "client ping p99", baseline.P99Ms));
        context.Report.Add(new ResultRow(scenario, "errors", result.Errors, "", "jobs", result.Operations));
        context.Report.Add(new ResultRow(scenario, "grain calls per job (silo, incoming)", callsPerJob, ""));
        context.Report.Add(new ResultRow(scenario, "grain-state writes per job", writesPerJob, ""));
        context.Report.Add(new ResultRow(scenario, "CPU per job (gateway, silo, miners, load generator)", result.CpuMicrosPerOperation, "µs", "client ping CPU/call", baseline.CpuMicrosPerOperation));
        foreach (var miner in miners)
        {
            miner.Dispose();
        }
    }
}
