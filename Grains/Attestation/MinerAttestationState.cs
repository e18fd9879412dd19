namespace Aitbc.Orleans.Attestation;

/// <summary>A miner's open challenges (at most 4, each usable once) and its current attestation.</summary>
[GenerateSerializer, Alias("aitbc.MinerAttestationState")]
public sealed class MinerAttestationState
{
    [Id(0)] public List<AttestationChallenge> Open { get; set; } = [];
    [Id(1)] public DateTimeOffset? ValidUntil { get; set; }
    [Id(2)] public AttestationMeasurement? Measurement { get; set; }
    [Id(3)] public double IntegrityScore { get; set; }
    [Id(4)] public List<string> Deductions { get; set; } = [];
    [Id(5)] public string? LastRefusal { get; set; }
    [Id(6)] public string? Kind { get; set; }

    /// <summary>The GPUs whose routing flag this attestation set (so a lapse or a refusal clears them).</summary>
    [Id(7)] public List<string> Gpus { get; set; } = [];
}
