using Aitbc.Orleans.Verification;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// GET /v1/gpus/{id}/integrity (operators): what verification and the hardware challenges found about one GPU: results
/// checked and caught wrong, timeouts, why it is blocked, the operators' flags ("suspected misreported model"), recent
/// evidence, and its challenges (the one running, the next one due, the last verdict).
/// </summary>
public sealed record GpuIntegrityResponse(
    string GpuId,
    int Verified,
    int Wrong,
    int TimeoutsInWindow,
    DateTimeOffset? LastOffenceAt,
    bool Blocked,
    string? BlockedReason,
    IReadOnlyList<string> Flags,
    IReadOnlyList<string> RecentEvidence,
    HardwareChallengeView Challenges)
{
    public static GpuIntegrityResponse From(GpuIntegrityView record, HardwareChallengeView challenges)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.GpuId, record.Verified, record.Wrong, record.TimeoutsInWindow, record.LastOffenceAt, record.Blocked, record.BlockedReason,
            record.Flags, record.RecentEvidence, challenges);
    }
}
