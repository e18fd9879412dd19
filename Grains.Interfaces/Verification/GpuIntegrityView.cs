namespace Aitbc.Orleans.Verification;

/// <summary>One GPU's integrity record as operators read it.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.GpuIntegrityView")]
public sealed record GpuIntegrityView(
    [property: Id(0)] string GpuId,
    [property: Id(1)] int Verified,
    [property: Id(2)] int Wrong,
    [property: Id(3)] int TimeoutsInWindow,
    [property: Id(4)] DateTimeOffset? LastOffenceAt,
    [property: Id(5)] string? BlockedReason,
    [property: Id(6)] IReadOnlyList<string> Flags,
    [property: Id(7)] IReadOnlyList<string> RecentEvidence)
{
    public bool Blocked => BlockedReason is not null;
}
