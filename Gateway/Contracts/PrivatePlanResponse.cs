using System.ComponentModel;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// What a submitter needs to encrypt for a model and nothing of its weights: the parameter set, the input and output
/// (names, shapes, lengths), the slot layout (the input zero-padded to slotPeriod values and repeated across all
/// slots), the level to encrypt at, the evaluation keys to make, the input range, and the activation to apply after
/// decryption.
/// </summary>
public sealed record PrivatePlanResponse(
    string ModelId,
    [property: Description("CKKS parameter set: Standard128N8192 (N = 8192, 128-bit security, HomomorphicEncryption.org standard).")]
    string ParameterSet,
    int PolyDegree,
    string InputName,
    long[] InputShape,
    [property: Description("Values per input row; inputs are encrypted one row at a time.")]
    int InputLength,
    string OutputName,
    long[] OutputShape,
    int OutputLength,
    int SlotPeriod,
    [property: Description("Encrypt the input at this level (the plan's depth).")]
    int Level,
    bool NeedsRelinearization,
    [property: Description("Left rotation steps: one Galois key each.")]
    IReadOnlyList<int> RotationSteps,
    [property: Description("Inputs must lie within ±inputBound.")]
    double InputBound,
    [property: Description("identity, sigmoid or softmax: applied by the client after decryption.")]
    string OutputActivation);
