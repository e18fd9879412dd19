namespace Aitbc.Orleans.Attestation;

/// <summary>An allowed driver version, its release date where known, and whether it is known to be vulnerable.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.DriverRecord")]
public sealed record DriverRecord(
    [property: Id(0)] string Version,
    [property: Id(1)] DateOnly? ReleasedOn = null,
    [property: Id(2)] bool KnownVulnerable = false);
