namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>State of <see cref="PgProbeGrain"/> in the "aitbc" storage.</summary>
[GenerateSerializer]
public sealed class ProbeState
{
    [Id(0)] public int Total { get; set; }

    [Id(1)] public List<string> Notes { get; set; } = [];
}
