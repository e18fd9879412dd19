namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>
/// GET /v1/models/{id}/private-plan: how to encrypt for a model (no weights). Encrypt one input row of
/// <see cref="InputLength"/> values within ±<see cref="InputBound"/>, zero-padded to <see cref="SlotPeriod"/> and
/// repeated across the slots, at <see cref="Level"/>; make a relinearization key if <see cref="NeedsRelinearization"/>
/// and one Galois key per step of <see cref="RotationSteps"/>; apply <see cref="OutputActivation"/> after decryption.
/// </summary>
public sealed record PrivatePlan
{
    public required string ModelId { get; init; }

    /// <summary>The CKKS parameter set's name, e.g. Standard128N8192.</summary>
    public required string ParameterSet { get; init; }

    public int PolyDegree { get; init; }

    public string InputName { get; init; } = "";

    public IReadOnlyList<long> InputShape { get; init; } = [];

    public int InputLength { get; init; }

    public string OutputName { get; init; } = "";

    public IReadOnlyList<long> OutputShape { get; init; } = [];

    public int OutputLength { get; init; }

    public int SlotPeriod { get; init; }

    public int Level { get; init; }

    public bool NeedsRelinearization { get; init; }

    public IReadOnlyList<int> RotationSteps { get; init; } = [];

    public double InputBound { get; init; }

    /// <summary>identity, sigmoid or softmax.</summary>
    public string OutputActivation { get; init; } = "identity";
}
