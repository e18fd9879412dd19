namespace Aitbc.Orleans.Attestation;

/// <summary>
/// The operators' allowlist. A measurement is accepted only if its binary hash, ONNX Runtime version, driver version
/// and operating system are each listed (an empty list admits nothing: the allowlist fails closed). Drivers carry what
/// operators know about them: the release date and whether a known vulnerability affects them (the integrity score's
/// deductions).
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.AttestationPolicy")]
public sealed record AttestationPolicy(
    [property: Id(0)] IReadOnlyList<string> Binaries,
    [property: Id(1)] IReadOnlyList<string> OnnxRuntimeVersions,
    [property: Id(2)] IReadOnlyList<DriverRecord> Drivers,
    [property: Id(3)] IReadOnlyList<string> OsPrefixes)
{
    public static AttestationPolicy Empty { get; } = new([], [], [], []);
}
