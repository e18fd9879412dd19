using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (4) Heartbeat ingestion on one silo: GPU heartbeats absorbed per second through IGpuShardGrain.Heartbeat (the path a
/// miner daemon uses: one call to its rig's shard carrying its GPUs' readings) and through IGpuGrain.Heartbeat directly, with the process
/// CPU time per GPU heartbeat. Readings are steady (50 °C, 20 ms RTT), so nothing is persisted or republished inside
/// the window: this is the steady-state cost, not the cost of a thermal event.
/// </summary>
public sealed class HeartbeatScenario : IScenario
{
    public const double TargetPerSecond = 50_000;
    private static readonly GpuTelemetry Steady = new(50, 150, 40, 2_000, 20, 100);

    public string Name => "heartbeat";

    public string Description => "(4) GPU heartbeats/s one silo absorbs (miner path and direct) and CPU per heartbeat";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // A first cluster only warms the process up (JIT tiers, thread pool), so that neither measured one pays for it.
        context.Log("heartbeat: warm-up run (not reported)");
        await MeasureAsync(context, authorization: false);
        var filtered = await MeasureAsync(context, authorization: true);

        // The same miner path on a cluster without the filter (and without sessions), in the same run: what it costs.
        var unfiltered = await MeasureAsync(context, authorization: false);
        var perMiner = context.Sizes.HeartbeatGpusPerMiner;
        context.Report.Add(new ResultRow("4 heartbeat", "GPU heartbeats/s via the rig's IGpuShardGrain, filter on vs. off (same fleet, same run)",
            filtered * perMiner, "/s", "filter off /s", unfiltered * perMiner));
    }

    /// <summary>Grows the fleet, measures, reports (with the filter) and returns miner Heartbeat calls per second.</summary>
    private static async Task<double> MeasureAsync(ScenarioContext context, bool authorization)
    {
        var s = context.Sizes;
        await using var cluster = await context.StartClusterAsync(authorization);
        using var fleet = new SimulatedFleet(cluster.Client, "hb", s.HeartbeatGpusPerMiner, seed: 6);
        var registration = await fleet.GrowAsync(s.HeartbeatMiners * s.HeartbeatGpusPerMiner, 32);
        context.Log($"heartbeat: {fleet.MinerCount:N0} miners x {s.HeartbeatGpusPerMiner} GPUs registered in {registration.Elapsed.TotalSeconds:0.0} s");

        // Each miner's heartbeat carries that miner's own session: the silo's filter authorizes it as the miner's call.
        var sessions = authorization ? await fleet.SignInAll(32) : null;

        var miners = Enumerable.Range(0, fleet.MinerCount).Select(m => cluster.Client.GetGrain<IGpuShardGrain>(fleet.MinerId(m))).ToArray();
        var payloads = Enumerable.Range(0, fleet.MinerCount)
            .Select(m => (IReadOnlyList<GpuHeartbeat>)[.. fleet.GpuIdsOf(m).Select(id => new GpuHeartbeat(id, Steady))])
            .ToArray();
        var gpus = fleet.AllGpuIds().Select(id => cluster.Client.GetGrain<IGpuGrain>(id)).ToArray();

        // Two rounds first: the first readings change the GPUs' routing summaries (RTT, QoS) and are republished.
        for (var round = 0; round < 2; round++)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, miners.Length), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (m, _) => await miners[m].Heartbeat(payloads[m]));
        }

        var baseline = await PingMeasurements.FromClientAsync(cluster, s.Concurrency, s.Warmup / 4, s.BaselineDuration);
        context.Log($"heartbeat: client ping baseline {baseline}");

        var viaMiner = await LoadGenerator.RunAsync(s.Concurrency, s.Warmup, s.Duration, LoadGenerator.Timed(async i =>
        {
            var m = (int)(i % miners.Length);
            if (sessions is not null)
            {
                RequestContext.Set(TrustRequestContext.TokenKey, sessions[m]);
            }

            if (!await miners[m].Heartbeat(payloads[m]))
            {
                throw new InvalidOperationException($"miner {fleet.MinerId(m)} lost its session");
            }
        }));
        context.Log($"heartbeat via miner{(authorization ? "" : " (no filter)")}: {viaMiner}");
        context.CheckErrors("heartbeat via miner", viaMiner);
        if (!authorization)
        {
            return viaMiner.PerSecond;
        }

        var direct = await LoadGenerator.RunAsync(s.Concurrency, s.Warmup, s.Duration, LoadGenerator.Timed(i => gpus[i % gpus.Length].Heartbeat(Steady)));
        context.Log($"heartbeat direct: {direct}");
        context.CheckErrors("heartbeat direct", direct);

        var perMiner = s.HeartbeatGpusPerMiner;
        var gpuRate = viaMiner.PerSecond * perMiner;
        var cpuPerGpuHeartbeat = viaMiner.CpuMicrosPerOperation / perMiner;
        var status = s.IsFull ? (gpuRate >= TargetPerSecond ? TargetStatus.Met : TargetStatus.Missed) : TargetStatus.None;
        const string scenario = "4 heartbeat";
        var shape = $"{fleet.GpuCount:N0} GPUs, {perMiner}/miner, {s.Concurrency} outstanding";
        context.Report.Add(new ResultRow(scenario, $"GPU heartbeats/s via the rig's IGpuShardGrain ({shape})", gpuRate, "/s", "client ping /s", baseline.PerSecond, "≥ 50,000/s", status));
        context.Report.Add(new ResultRow(scenario, "rig Heartbeat calls/s", viaMiner.PerSecond, "/s", "client ping /s", baseline.PerSecond));
        context.Report.Add(new ResultRow(scenario, "rig Heartbeat p99", viaMiner.P99Ms, "ms", "client ping p99", baseline.P99Ms));
        context.Report.Add(new ResultRow(scenario, "CPU per GPU heartbeat (rig path)", cpuPerGpuHeartbeat, "µs", "client ping CPU/call", baseline.CpuMicrosPerOperation));
        context.Report.Add(new ResultRow(scenario, "GPU heartbeats/s direct IGpuGrain", direct.PerSecond, "/s", "client ping /s", baseline.PerSecond));
        context.Report.Add(new ResultRow(scenario, "direct Heartbeat p99", direct.P99Ms, "ms", "client ping p99", baseline.P99Ms));
        context.Report.Add(new ResultRow(scenario, "CPU per GPU heartbeat (direct)", direct.CpuMicrosPerOperation, "µs", "client ping CPU/call", baseline.CpuMicrosPerOperation));
        context.Report.Note("Every call passes the silo's authorization filter: the miner path with each miner's own session token (checked against the miner's key), the direct IGpuGrain path with the harness's operator session (miners may not call it).");
        context.Report.Note("Heartbeat CPU is process CPU time (Process.TotalProcessorTime) over the window divided by GPU heartbeats; silo, client and load generator share the process, so it is an upper bound for the silo alone.");
        return viaMiner.PerSecond;
    }
}
