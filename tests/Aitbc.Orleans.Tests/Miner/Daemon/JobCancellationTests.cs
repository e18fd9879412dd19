using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Identity;
using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Miner.Models;
using Aitbc.Orleans.Miner.Telemetry;
using Aitbc.Orleans.Fleet.Thermal;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Miner.Inference;
using Aitbc.Orleans.Tests.Miner.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Aitbc.Orleans.Tests.Miner.Daemon;

/// <summary>
/// Issue #14: the cluster's Cancel and the assignment's deadline reach the ONNX Runtime run of a real, slow model on
/// the real job runner (model from the cluster's chunk grains, engine on this CPU) and free the device slot. And an
/// attempt the cluster pushes again while it runs is acknowledged again, not run twice.
/// </summary>
public sealed class JobCancellationTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    // Thousands of 512-wide layers at batch 1024: over ten seconds uncancelled even on an idle machine, from a 1 MiB file.
    private static readonly byte[] SlowModel = TestModels.SlowChain(layers: 6000, width: 512);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_clusters_cancel_stops_the_run_and_frees_the_slot_without_reporting_a_result()
    {
        await using var rig = await Rig.StartAsync(fixture);
        var assignment = rig.Assignment(deadline: rig.Clock.GetUtcNow().AddHours(1));

        await rig.Runner.Execute(assignment);
        await rig.WaitUntilRunning();
        var cancelled = System.Diagnostics.Stopwatch.StartNew();
        await rig.Runner.Cancel(assignment.JobId, assignment.Attempt);

        // Generous bounds: an uncancelled run would hold the slot for far longer than this.
        await TestWait.Until(() => Task.FromResult(rig.Runner.Running == 0 && rig.Engine.InFlight == 0), TimeSpan.FromSeconds(20));
        TestContext.Current.TestOutputHelper?.WriteLine($"slot free {cancelled.ElapsedMilliseconds} ms after Cancel (reported, not asserted)");
        Assert.Equal(1, rig.Engine.CancelledRuns);
        Assert.Equal(0, rig.Runner.Completed);
        Assert.Contains(rig.Log.Entries, e => e.Message.Contains($"Job {assignment.JobId} on {Rig.GpuId} stopped after the cluster cancelled it", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Log.Entries, e => e.Level >= LogLevel.Warning && e.Message.Contains(assignment.JobId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_attempt_the_cluster_pushes_again_while_it_runs_is_acknowledged_again_and_runs_once()
    {
        await using var rig = await Rig.StartAsync(fixture);
        await rig.Register(fixture);
        var tenant = await fixture.Client.FundedTenant(10m);
        var job = fixture.Client.GetGrain<IJobGrain>($"repush-{Guid.NewGuid():N}");
        await job.Submit(ClusterTestExtensions.Job(tenant, rig.ModelId, Places.Frankfurt, LatencyClass.Economy) with { Inputs = rig.Inputs() });
        async Task<string> Describe() => $"{(await job.Get())?.Describe()}\n{string.Join("\n", rig.Log.Entries.Select(e => e.Message))}";
        await TestWait.Until(async () => (await job.Get())!.Status == JobStatus.Running, TimeSpan.FromSeconds(60), Describe);
        await rig.WaitUntilRunning();

        // A new activation knows only that the attempt was dispatched (the miner's acknowledgement is not stored); the
        // watchdog's Resume pushes it again and waits for a fresh acknowledgement.
        await fixture.Cluster.DeactivateAsync(job);
        var dispatched = (await job.Get())!;
        Assert.Equal(JobStatus.Dispatched, dispatched.Status);
        await job.Resume(tenant, dispatched.PriceHeld);

        await TestWait.Until(async () => (await job.Get())!.Status == JobStatus.Running, TimeSpan.FromSeconds(20), Describe);
        Assert.Equal(1, rig.Runner.Running);
        Assert.Equal(1, rig.Engine.InFlight);
        Assert.Contains(rig.Log.Entries, e => e.Message.Contains("was pushed again while it runs here; acknowledged again", StringComparison.Ordinal));
        await rig.Runner.Cancel(dispatched.JobId, 1);
    }

    [Fact]
    public async Task A_job_past_its_deadline_is_stopped_on_the_miner_and_reported_for_retry_elsewhere()
    {
        await using var rig = await Rig.StartAsync(fixture);
        var assignment = rig.Assignment(deadline: rig.Clock.GetUtcNow().AddMinutes(2));

        await rig.Runner.Execute(assignment);
        await rig.WaitUntilRunning();
        rig.Clock.Advance(TimeSpan.FromMinutes(3)); // the miner's clock passes the deadline mid-run

        await TestWait.Until(() => Task.FromResult(rig.Runner.Running == 0 && rig.Engine.InFlight == 0), TimeSpan.FromSeconds(20));
        Assert.Equal(1, rig.Engine.CancelledRuns);
        Assert.Contains(rig.Log.Entries, e => e.Level == LogLevel.Warning
            && e.Message.Contains($"Job {assignment.JobId} on {Rig.GpuId} failed (RetryElsewhere): stopped on the miner: the execution deadline", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_thermal_emergency_on_the_rigs_own_sensor_stops_the_run_and_hands_the_job_back()
    {
        await using var rig = await Rig.StartAsync(fixture);
        var assignment = rig.Assignment(deadline: rig.Clock.GetUtcNow().AddHours(1));

        await rig.Runner.Execute(assignment);
        await rig.WaitUntilRunning();
        Assert.False(rig.Guard.Observe(Rig.GpuId, 90)); // critical: no new work, running work goes on
        Assert.Equal(1, rig.Runner.Running);
        Assert.True(rig.Guard.Observe(Rig.GpuId, 96)); // the emergency band, as the telemetry monitor reports it
        rig.Runner.StopForThermalEmergency(Rig.GpuId);

        await TestWait.Until(() => Task.FromResult(rig.Runner.Running == 0 && rig.Engine.InFlight == 0), TimeSpan.FromSeconds(20));
        Assert.Equal(1, rig.Engine.CancelledRuns);
        Assert.Contains(rig.Log.Entries, e => e.Level == LogLevel.Warning
            && e.Message.Contains($"Job {assignment.JobId} on {Rig.GpuId} failed (RetryElsewhere): stopped on the miner: {Rig.GpuId} reached its thermal emergency band", StringComparison.Ordinal));
        var refused = await Assert.ThrowsAsync<MinerUnavailableException>(() => rig.Runner.Execute(rig.Assignment(rig.Clock.GetUtcNow().AddHours(1))));
        Assert.Contains("thermally shutdown", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A job runner wired as the daemon wires it, with its own clock and one CPU device.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        public const string GpuId = "cancel-rig:cpu-0";

        private readonly TestDirectory _directory = new();
        private readonly MinerIdentity _identity;
        private readonly ModelInfo _model;
        private readonly GpuRegistration _registration;

        private Rig(ClusterFixture fixture, ModelInfo model)
        {
            _model = model;
            Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
            Engine = EngineFactory.Create();
            // Acknowledged at once: this rig's clock is fake and stands still, so a deferred acknowledgement would never go.
            var options = new MinerOptions { GatewayUrl = null, StateDirectory = _directory.Path, AcknowledgeAfterMs = 0 };
            _identity = MinerIdentity.LoadOrCreate(Path.Combine(_directory.Path, "identity.key"));
            var cache = new ModelCache(
                new ModelCacheOptions { Directory = Path.Combine(_directory.Path, "models") },
                ModelDownloaderTests.CreateDownloader(out _), new CapturingLogger<ModelCache>());
            var placement = new PlacementAdvisor(Engine, new PlacementBenchmark(new CapturingLogger<PlacementBenchmark>()), new CapturingLogger<PlacementAdvisor>());
            Runner = new JobRunner(
                fixture.Client, new ModelProvider(fixture.Client, cache, options, new CapturingLogger<ModelProvider>()),
                new ResultSigner(_identity), placement, new ModelInfoCache(fixture.Client), options, Log, Clock, Guard);
            _registration = new GpuRegistration(GpuId, "cancel-rig", "CPU", 1024, GpuVendor.Cpu, ExecutionProviderSelector.Cpu, Places.Frankfurt, 0.001m, null, null);
            Runner.SetDevices([new MinerDevice(_registration, Engine, () => new GpuTelemetry(40, 10, 0, 0, 1, 100))]);
        }

        public FakeTimeProvider Clock { get; }

        public ThermalGuard Guard { get; } = new(ThermalThresholds.Default, new CapturingLogger<ThermalGuard>());

        public InferenceEngine Engine { get; }

        public JobRunner Runner { get; }

        public CapturingLogger<JobRunner> Log { get; } = new();

        public static async Task<Rig> StartAsync(ClusterFixture fixture)
        {
            var model = await ModelStore.PutAsync(fixture.Client, "slow-chain", "MIT", "test", SlowModel,
                [new TensorSpec("x", TensorElementType.Float32, [-1, 512])], [new TensorSpec("y", TensorElementType.Float32, [-1, 512])],
                DateTimeOffset.UtcNow);
            return new Rig(fixture, model);
        }

        public string ModelId => _model.ModelId;

        public JobAssignment Assignment(DateTimeOffset deadline) => new(
            $"cancel-{Guid.NewGuid():N}", 1, GpuId, _model.ModelId, _model.Sha256, _model.SizeBytes, Inputs(), deadline);

        /// <summary>A batch the slow model takes seconds over.</summary>
        public Dictionary<string, TensorData> Inputs() =>
            new() { ["x"] = TensorData.FromFloats(ReferenceNetworks.RandomFloats(1024 * 512, seed: 9), 1024, 512) };

        /// <summary>Registers the rig's GPU with the cluster, with this runner as the miner's observer: the cluster's jobs come to it.</summary>
        public async Task Register(ClusterFixture fixture)
        {
            var miner = new TestMiner(fixture.Client, TestMiner.MinerOf(GpuId));
            await miner.Register(fixture.Client, [_registration], observer: fixture.Client.CreateObjectReference<IMinerObserver>(Runner));
        }

        /// <summary>Until the model is fetched and loaded and ONNX Runtime is inside the run.</summary>
        public async Task WaitUntilRunning()
        {
            await TestWait.Until(() => Task.FromResult(Engine.InFlight == 1 && Engine.CachedSessionCount == 1), TimeSpan.FromSeconds(60));
            await Task.Delay(300, Ct);
            Assert.Equal(1, Runner.Running);
        }

        public async ValueTask DisposeAsync()
        {
            await Runner.DrainAsync(TimeSpan.FromSeconds(30));
            Engine.Dispose();
            _identity.Dispose();
            _directory.Dispose();
        }
    }
}
