using System.Security.Cryptography;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Models.Deployments;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// A miner for cluster tests: a real observer registered through the real MinerGrain, with a real ECDSA key that it
/// enrols (as the gateway would) and signs its registration with over a fresh cluster challenge. It answers each job
/// as an identity model would (the model's i-th declared input becomes its i-th output), signed like the daemon signs
/// them. It is not a GPU and runs no model: tests of inference use the ONNX Runtime engine directly. GPU ids must be
/// "{minerId}:{device}" (see <see cref="GpuId"/>).
/// </summary>
public sealed class TestMiner : IMinerObserver, IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly ECDsa _key;
    private IMinerObserver? _reference;

    /// <param name="key">The miner's identity key (taken over and disposed with the miner); a new one by default.</param>
    public TestMiner(IGrainFactory grains, string minerId, ECDsa? key = null)
    {
        _grains = grains;
        _key = key ?? ECDsa.Create(ECCurve.NamedCurves.nistP256);
        MinerId = minerId;
        PublicKey = Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo());
    }

    public string MinerId { get; }

    public string PublicKey { get; }

    public List<JobAssignment> Received { get; } = [];

    /// <summary>Decides what each assignment does: complete (default), fail, or stay silent (a dropped miner).</summary>
    public Func<JobAssignment, MinerReaction> Behaviour { get; set; } = _ => MinerReaction.Complete;

    /// <summary>When set, the outputs to answer with (signed like any other) instead of the identity echo.</summary>
    public Func<JobAssignment, Dictionary<string, TensorData>>? Outputs { get; set; }

    /// <summary>The model download and load time the answer reports (0 by default: a warm model).</summary>
    public Func<JobAssignment, double>? ModelLoadMs { get; set; }

    /// <summary>Runs before the answer is sent: the "work" of the job (a delay, a measurement).</summary>
    public Func<JobAssignment, Task>? Work { get; set; }

    public TaskCompletionSource<JobAssignment> FirstAssignment { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource _hung = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets Execute calls held by <see cref="MinerReaction.Hang"/> return.</summary>
    public void Unhang() => _hung.TrySetResult();

    /// <summary>A GPU id of this miner: GPU ids are namespaced by miner id.</summary>
    public string GpuId(string device) => $"{MinerId}:{device}";

    public static string NewMinerId() => $"miner-{Guid.NewGuid():N}";

    /// <summary>A GPU id under a fresh miner id (or the given one), for tests that name GPUs before their miner.</summary>
    public static string NewGpuId(string device, string? minerId = null) => $"{minerId ?? NewMinerId()}:{device}";

    /// <summary>The miner a GPU id belongs to: the part before the first ':'.</summary>
    public static string MinerOf(string gpuId) => gpuId[..gpuId.IndexOf(':', StringComparison.Ordinal)];

    /// <summary>The test miner that owns these GPUs (their ids share its prefix).</summary>
    public static TestMiner For(IGrainFactory grains, IReadOnlyList<GpuRegistration> gpus) => new(grains, MinerOf(gpus[0].GpuId));

    /// <summary>Signs like the daemon's identity key (ECDSA P-256, IEEE P1363).</summary>
    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, ResultSignature.SignatureFormat);

    public static GpuRegistration Gpu(string gpuId, double lat, double lon, string name = "NVIDIA GeForce RTX 4090", long memoryMb = 24564,
        decimal priceFloor = 0.0001m, PoolKind pool = PoolKind.Edge, int concurrency = 1, double? powerBudget = null, AvailabilitySchedule? schedule = null) =>
        new(gpuId, "", name, memoryMb, GpuVendor.Nvidia, "CUDA", new GeoPoint(lat, lon), priceFloor, powerBudget, schedule, concurrency, Simulated: true, Pool: pool);

    /// <summary>
    /// Enrols the miner (with the operators' admission its GPUs ask for), funds and stakes its account (by default 100
    /// per GPU: stake is needed per GPU), then registers its GPUs with this observer, signed over a fresh challenge.
    /// </summary>
    public async Task<MinerSnapshot> Register(IClusterClient client, IReadOnlyList<GpuRegistration> gpus, decimal? stake = null, IMinerObserver? observer = null)
    {
        await Enroll(gpus.Any(g => g.Pool == PoolKind.Cloud) ? PoolKind.Cloud : PoolKind.Edge, gpus.Any(g => g.Attested));
        var amount = stake ?? 100m * Math.Max(1, gpus.Count);
        var account = _grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(MinerId));
        if (amount > 0)
        {
            await account.Apply(new LedgerOperation($"fund:{MinerId}", LedgerOperationKind.Credit, amount, "test funding"));
            await account.Apply(new LedgerOperation($"stake:{MinerId}", LedgerOperationKind.Stake, amount, "test stake"));
        }

        return observer is null
            ? await RegisterSigned(client, gpus)
            : await _grains.GetGrain<IMinerGrain>(MinerId).Register(await Signed(gpus), observer);
    }

    /// <summary>Only what the daemon itself does: a registration signed over a fresh challenge, with this observer.</summary>
    public async Task<MinerSnapshot> RegisterSigned(IClusterClient client, IReadOnlyList<GpuRegistration> gpus)
    {
        _reference ??= client.CreateObjectReference<IMinerObserver>(this);
        return await _grains.GetGrain<IMinerGrain>(MinerId).Register(await Signed(gpus), _reference);
    }

    /// <summary>
    /// After a jump of the fake clock: the jump skipped the rig's heartbeats, and the silo's liveness watch (on real time)
    /// may have ended its session already or may end it at any moment. Heartbeats, registering again first when the
    /// session is over, as a daemon does; the clock standing still, the rig then stays online.
    /// </summary>
    public async Task Resume(IClusterClient client, IReadOnlyList<GpuRegistration> gpus)
    {
        var gpuIds = gpus.Select(g => g.GpuId).ToArray();
        if (!await Heartbeat(gpuIds))
        {
            await RegisterSigned(client, gpus);
            if (!await Heartbeat(gpuIds))
            {
                throw new InvalidOperationException($"miner {MinerId} registered again but its heartbeat was refused");
            }
        }
    }

    /// <summary>This miner's observer reference (created once), for tests that register by hand.</summary>
    public IMinerObserver Reference(IClusterClient client) => _reference ??= client.CreateObjectReference<IMinerObserver>(this);

    /// <summary>Enrols this miner's key for the owner "{minerId}-owner", as POST /v1/miners does, and sets the operators' admission.</summary>
    public async Task Enroll(PoolKind pool = PoolKind.Edge, bool attested = false)
    {
        var enrollments = _grains.GetGrain<IMinerEnrollmentGrain>(MinerId);
        await enrollments.Enroll(new MinerEnrollment(MinerId, $"{MinerId}-owner", PublicKey, "test miner", DateTimeOffset.UtcNow, "test-credential"));
        if (pool != PoolKind.Edge || attested)
        {
            await enrollments.SetAdmission(pool, attested);
        }
    }

    /// <summary>A registration of these GPUs as the daemon sends it: a fresh challenge, signed with the miner key.</summary>
    public async Task<MinerRegistration> Signed(IReadOnlyList<GpuRegistration> gpus)
    {
        var challenge = await _grains.GetGrain<IClusterAccessGrain>(0).GetChallenge();
        return MinerRegistrationPayload.Sign(
            new MinerRegistration(MinerId, LedgerAccounts.ForMiner(MinerId), PublicKey, gpus, "test", Simulated: gpus.Any(g => g.Simulated)), challenge.Value, Sign);
    }

    public Task<bool> Heartbeat(
        IEnumerable<string> gpuIds, double temperatureC = 50, double powerW = 200, double rttMs = 20, IReadOnlyList<string>? warmModels = null) =>
        _grains.GetGrain<IGpuShardGrain>(MinerId).Heartbeat(
            gpuIds.Select(id => new GpuHeartbeat(id, new GpuTelemetry(temperatureC, powerW, 50, 1000, rttMs, 100), warmModels)).ToArray());

    public Task Execute(JobAssignment assignment)
    {
        lock (Received)
        {
            Received.Add(assignment);
        }

        FirstAssignment.TrySetResult(assignment);
        var reaction = Behaviour(assignment);
        if (reaction == MinerReaction.Silent)
        {
            return Task.CompletedTask;
        }

        if (reaction == MinerReaction.Hang)
        {
            return _hung.Task;
        }

        if (reaction == MinerReaction.StartThenSilent)
        {
            return _grains.GetGrain<IJobGrain>(assignment.JobId).Started(assignment.GpuId, assignment.Attempt);
        }

        // A miner with work to do acknowledges before it starts, as the daemon does, and here at once, on this call: a
        // task started for it can wait seconds for a thread on a loaded CI machine, past the fixture's 2 s deadline.
        var acknowledged = Work is null ? Task.CompletedTask : _grains.GetGrain<IJobGrain>(assignment.JobId).Started(assignment.GpuId, assignment.Attempt);

        // Answer on another turn, as the daemon does.
        _ = Task.Run(async () =>
        {
            var job = _grains.GetGrain<IJobGrain>(assignment.JobId);
            if (Work is { } work)
            {
                // The work may move the fixture's clock past the acknowledgement deadline: the job hears Started first.
                await acknowledged;
                await work(assignment);
            }

            if (reaction is MinerReaction.FailElsewhere or MinerReaction.FailSame or MinerReaction.FailFatal)
            {
                var errorClass = reaction switch
                {
                    MinerReaction.FailSame => ErrorClass.RetrySame,
                    MinerReaction.FailFatal => ErrorClass.Fatal,
                    _ => ErrorClass.RetryElsewhere,
                };
                await job.Fail(new JobFailure(assignment.JobId, assignment.Attempt, assignment.GpuId, errorClass, $"test failure ({errorClass})"));
                return;
            }

            var outputs = Outputs?.Invoke(assignment) ?? await Echo(assignment);
            var digest = ResultDigest.Compute(assignment.JobId, outputs);
            var signature = reaction == MinerReaction.CompleteBadSignature
                ? Convert.ToBase64String(new byte[64])
                : Convert.ToBase64String(Sign(digest));
            await job.Complete(new JobResult(assignment.JobId, assignment.Attempt, assignment.GpuId, outputs, "Test", 0.1, ModelLoadMs?.Invoke(assignment) ?? 0, 1, signature));
        });
        return acknowledged;
    }

    public Task Cancel(string jobId, int attempt)
    {
        lock (Cancelled)
        {
            Cancelled.Add((jobId, attempt));
        }

        return Task.CompletedTask;
    }

    /// <summary>Deployments' prefetches: recorded, and reported ready at once (a test miner holds whatever it is asked to).</summary>
    public Task Prefetch(ModelPrefetch prefetch)
    {
        lock (Prefetched)
        {
            Prefetched.Add(prefetch);
        }

        _ = Task.Run(() => _grains.GetGrain<IModelDeploymentGrain>(prefetch.DeploymentId).Report(prefetch.GpuId, true, null));
        return Task.CompletedTask;
    }

    public List<ModelPrefetch> Prefetched { get; } = [];

    /// <summary>The attempts the cluster told this miner to stop.</summary>
    public List<(string JobId, int Attempt)> Cancelled { get; } = [];

    private async Task<Dictionary<string, TensorData>> Echo(JobAssignment assignment)
    {
        var model = await _grains.GetGrain<IModelGrain>(assignment.ModelId).Get();
        return model is null
            ? new Dictionary<string, TensorData>(assignment.Inputs, StringComparer.Ordinal)
            : model.Outputs.Select((spec, i) => (spec.Name, Tensor: assignment.Inputs[model.Inputs[Math.Min(i, model.Inputs.Count - 1)].Name]))
                .ToDictionary(o => o.Name, o => o.Tensor, StringComparer.Ordinal);
    }

    public void Dispose()
    {
        Unhang();
        _key.Dispose();
    }
}
