namespace Aitbc.Orleans.Attestation;

/// <summary>What a miner declares about its software: all claims, bound to its enrolled key by the signature.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.AttestationMeasurement")]
public sealed record AttestationMeasurement(
    [property: Id(0)] string BinarySha256,
    [property: Id(1)] string OnnxRuntimeVersion,
    [property: Id(2)] string DriverVersion,
    [property: Id(3)] IReadOnlyList<string> GpuUuids,
    [property: Id(4)] string Os);
