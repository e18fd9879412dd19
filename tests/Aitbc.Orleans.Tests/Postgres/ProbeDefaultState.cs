namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>State of <see cref="PgProbeGrain"/> in the default storage provider.</summary>
[GenerateSerializer]
public sealed class ProbeDefaultState
{
    [Id(0)] public string Value { get; set; } = "";
}
