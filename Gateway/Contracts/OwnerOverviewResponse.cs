using Aitbc.Orleans.Ledger;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>GET /v1/owners/me: everything an owner's dashboard shows, in one read.</summary>
public sealed record OwnerOverviewResponse(
    string AccountId,
    DateTimeOffset At,
    IReadOnlyList<MinerResponse> Miners,
    decimal Earned,
    decimal Stake,
    IReadOnlyList<EarningsPoint> Earnings,
    IReadOnlyList<SlashRecord> Slashes,
    IReadOnlyList<RecentJobResponse> RecentJobs,
    FleetMetricsResponse Metrics);
