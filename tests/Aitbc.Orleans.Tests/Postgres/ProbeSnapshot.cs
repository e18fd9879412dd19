namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>What a test sees of <see cref="PgProbeGrain"/>, ETags and RecordExists included.</summary>
[GenerateSerializer]
public sealed record ProbeSnapshot(
    [property: Id(0)] int Total,
    [property: Id(1)] IReadOnlyList<string> Notes,
    [property: Id(2)] string? ETag,
    [property: Id(3)] bool RecordExists,
    [property: Id(4)] string DefaultValue,
    [property: Id(5)] string? DefaultETag);
