using Aitbc.Orleans.Ledger;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// GET /v1/ops/fleet: the operator view in one read. Gpus lists online GPUs (regions index only those), at most
/// the first <c>DashboardOptions.MaxMapGpus</c> (Truncated says so); NotRoutableReasons counts online GPUs by the
/// reason routing skips them; metrics are over a bounded sample (MetricsSample GPUs).
/// </summary>
public sealed record OpsFleetResponse(
    DateTimeOffset At,
    IReadOnlyList<OpsRegionResponse> Regions,
    IReadOnlyList<OpsGpuResponse> Gpus,
    bool Truncated,
    IReadOnlyDictionary<string, int> NotRoutableReasons,
    IReadOnlyList<SlashRecord> Slashes,
    IReadOnlyList<CloudPoolEntryResponse> CloudPool,
    IReadOnlyList<RecentJobResponse> CloudJobs,
    int MetricsSample,
    FleetMetricsResponse Metrics);
