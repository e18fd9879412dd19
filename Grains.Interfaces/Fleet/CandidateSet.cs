namespace Aitbc.Orleans.Fleet;

/// <summary>A region's answer: the candidates, and for the rejected ones, why (so "no capacity" can say why).</summary>
[GenerateSerializer, Immutable, Alias("aitbc.CandidateSet")]
public sealed record CandidateSet(
    [property: Id(0)] string Region,
    [property: Id(1)] IReadOnlyList<GpuRoutingSummary> Candidates,
    [property: Id(2)] IReadOnlyDictionary<string, int> Rejections);
