namespace Aitbc.Orleans.Fleet;

/// <summary>
/// One GPU as a row of its miner's <see cref="IGpuShardGrain"/>: what the hot paths call instead of the GPU's own
/// <see cref="IGpuGrain"/>, which would be one more activation per GPU. A GPU id that names no miner is no registered
/// GPU: reads find nothing, reservations are refused, the rest does nothing.
/// </summary>
public readonly record struct GpuRowRef(IGrainFactory Grains, string GpuId)
{
    /// <summary>The miner a GPU id names ("&lt;miner&gt;:&lt;device&gt;"; miner ids never contain ':'), or null.</summary>
    public static string? MinerOf(string gpuId)
    {
        ArgumentNullException.ThrowIfNull(gpuId);
        var colon = gpuId.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < gpuId.Length - 1 ? gpuId[..colon] : null;
    }

    private IGpuShardGrain? Shard => MinerOf(GpuId) is { } miner ? Grains.Grain<IGpuShardGrain>(miner) : null;

    public async Task<GpuSnapshot> Register(GpuRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var shard = Shard ?? throw new RegistrationRefusedException($"GPU id '{GpuId}' does not name its miner ('<miner>:<device>')");
        // No miner connection stands behind a GPU registered on its own (an operator's or a harness's): no session id.
        await shard.Register([registration], Guid.Empty);
        return await shard.GetSnapshot(GpuId) ?? throw new InvalidOperationException($"GPU {GpuId} has no row after registering");
    }

    public Task Heartbeat(GpuTelemetry telemetry, ulong warmModels = 0) =>
        Shard?.HeartbeatGpu(GpuId, telemetry, warmModels) ?? Task.CompletedTask;

    public Task<GpuSnapshot?> GetSnapshot() => Shard?.GetSnapshot(GpuId) ?? Task.FromResult<GpuSnapshot?>(null);

    public Task<ReservationResult> TryReserve(ReservationRequest request) =>
        Shard?.TryReserve(GpuId, request) ?? Task.FromResult(new ReservationResult(false, "not registered", null));

    public Task Release(string bookingId) => Shard?.Release(GpuId, bookingId) ?? Task.CompletedTask;

    public Task RecordOutcome(JobOutcome outcome) => Shard?.RecordOutcome(GpuId, outcome) ?? Task.CompletedTask;

    public Task ReleaseWithOutcome(string bookingId, JobOutcome outcome) =>
        Shard?.ReleaseWithOutcome(GpuId, bookingId, outcome) ?? Task.CompletedTask;

    public Task<IReadOnlyList<GpuJobRecord>> GetRecentJobs() =>
        Shard?.GetRecentJobs(GpuId) ?? Task.FromResult<IReadOnlyList<GpuJobRecord>>([]);

    public Task<IReadOnlyList<ReturnedJob>> MarkOffline(string reason) =>
        Shard?.MarkOffline([GpuId], reason) ?? Task.FromResult<IReadOnlyList<ReturnedJob>>([]);

    public Task SetStakeSufficient(bool sufficient) =>
        Shard?.SetStakeCoverage(new Dictionary<string, bool> { [GpuId] = sufficient }) ?? Task.CompletedTask;

    public Task SetIntegrityBlock(string? reason) => Shard?.SetIntegrityBlock(GpuId, reason) ?? Task.CompletedTask;

    public Task SetAttestedUntil(DateTimeOffset? until) => Shard?.SetAttestedUntil([GpuId], until) ?? Task.CompletedTask;
}
