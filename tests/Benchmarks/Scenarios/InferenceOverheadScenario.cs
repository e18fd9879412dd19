using System.Diagnostics;
using System.Net.Http.Json;
using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Hosting;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (7) Inference overhead: the demo model as a job, one at a time, through the HTTP gateway, the router and the real
/// miner daemon (its observer over a loopback cluster client, ONNX Runtime on the CPU, signed results), minus the bare
/// ONNX Runtime Run of the same model and input in this process (InferenceSession.Run with OrtValues, after warm-up).
/// </summary>
public sealed class InferenceOverheadScenario : IScenario
{
    public string Name => "inference";

    public string Description => "(7) end-to-end job latency minus bare ONNX Runtime Run, demo model on CPU, over loopback";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var jobs = context.Sizes.IsFull ? 500 : 30;
        var demo = DemoModels.Default;
        var input = Enumerable.Range(0, demo.InputDim).Select(i => (float)i / demo.InputDim).ToArray();
        var bare = BareRun(demo, input, jobs * 4);
        context.Log($"inference: bare ONNX Runtime Run p50 {bare.P50:0.000} ms");

        await using var cluster = await context.StartClusterAsync();
        await using var gateway = await GatewayHost.StartAsync(cluster.Client);
        var grains = cluster.Client;
        await grains.GetGrain<IAccountGrain>("dev").Apply(new LedgerOperation("bench-dev-funding", LedgerOperationKind.Credit, 1_000_000m, "bench funding"));
        var model = await ModelStore.PutAsync(grains, demo.Name, "MIT", "dev", demo.ModelBytes,
            [new TensorSpec(demo.InputName, TensorElementType.Float32, [-1, demo.InputDim])],
            [new TensorSpec(demo.OutputName, TensorElementType.Float32, [-1, demo.OutputDim])], DateTimeOffset.UtcNow);

        var state = Directory.CreateTempSubdirectory("aitbc-bench-miner-");
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error));
        services.AddSingleton<IGrainFactory>(cluster.Client);
        services.AddAitbcMiner(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MinerId"] = "bench-daemon", ["StateDirectory"] = state.FullName, ["GatewayUrl"] = "",
            ["Location:Latitude"] = "50.11", ["Location:Longitude"] = "8.68", ["OfferCpu"] = "true",
        }).Build());
        await using var provider = services.BuildServiceProvider();
        var agent = provider.GetRequiredService<MinerAgent>();
        await agent.StartAsync(CancellationToken.None);
        try
        {
            while ((await grains.GetGrain<IMinerGrain>(agent.MinerId).GetSnapshot())?.Online != true)
            {
                await Task.Delay(100);
            }

            var account = grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(agent.MinerId));
            await account.Apply(new LedgerOperation("bench-fund", LedgerOperationKind.Credit, 100m, "bench"));
            await account.Apply(new LedgerOperation("bench-stake", LedgerOperationKind.Stake, 100m, "bench"));
            await grains.GetGrain<IMinerGrain>(agent.MinerId).RefreshStake();

            using var http = new HttpClient { BaseAddress = gateway.Address };
            http.DefaultRequestHeaders.Add("X-Api-Key", "dev-key");
            var body = new
            {
                modelId = model.ModelId,
                latencyClass = "realtime",
                client = new { lat = 50.1, lon = 8.7 },
                maxPrice = 0.01,
                inputs = new Dictionary<string, object> { [demo.InputName] = new { type = "float32", shape = new[] { 1, demo.InputDim }, data = input } },
            };

            var latencies = new List<double>();
            for (var i = 0; i < jobs + 10; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/v1/jobs?wait=30", body);
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode != 200 || !text.Contains("\"status\":\"completed\"", StringComparison.Ordinal))
                {
                    context.Report.Errors.Add($"inference: job answered {(int)response.StatusCode}: {text[..Math.Min(200, text.Length)]}");
                    return;
                }

                if (i >= 10)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            var p50 = Percentiles.Of(latencies, 0.50);
            var p99 = Percentiles.Of(latencies, 0.99);
            context.Log($"inference: end to end p50 {p50:0.000} ms, p99 {p99:0.000} ms over {latencies.Count} jobs");
            const string scenario = "7 inference overhead";
            var overhead = p50 - bare.P50;
            context.Report.Add(new ResultRow(scenario, "bare ONNX Runtime Run p50 (demo model, batch 1, CPU)", bare.P50, "ms"));
            context.Report.Add(new ResultRow(scenario, $"end-to-end job p50 over HTTP ({latencies.Count} jobs, one at a time)", p50, "ms", "bare Run p50", bare.P50));
            context.Report.Add(new ResultRow(scenario, "end-to-end job p99", p99, "ms", "bare Run p99", bare.P99));
            context.Report.Add(new ResultRow(scenario, "overhead p50 (end to end − bare Run)", overhead, "ms", "bare Run p50", bare.P50, "≤ 1 ms median",
                overhead <= 1 ? TargetStatus.Met : TargetStatus.Missed));
        }
        finally
        {
            await agent.DrainAndDeregisterAsync();
            state.Delete(recursive: true);
        }
    }

    private static (double P50, double P99) BareRun(DemoMlp demo, float[] input, int runs)
    {
        using var session = new InferenceSession(demo.ModelBytes);
        using var value = OrtValue.CreateTensorValueFromMemory(input, new long[] { 1, demo.InputDim });
        using var options = new RunOptions();
        var names = new[] { demo.InputName };
        var outputs = new[] { demo.OutputName };
        var samples = new List<double>(runs);
        for (var i = 0; i < runs + 100; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var result = session.Run(options, names, [value], outputs);
            if (i >= 100)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return (Percentiles.Of(samples, 0.50), Percentiles.Of(samples, 0.99));
    }
}
