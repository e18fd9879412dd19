using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>
/// What a client needs to know about a plan to take part, and nothing about its weights: the parameter set, the input
/// and output lengths, the slot layout (the input vector zero-padded to <see cref="SlotPeriod"/> values and repeated
/// across all slots), the level to encrypt at (= the plan's depth), which evaluation keys to generate (relinearization
/// if the plan squares; one Galois key per left rotation step), the input range the plan was sized for, and the
/// activation to apply after decryption.
/// </summary>
public sealed record PlanRequirements(
    CkksParameterSetId ParameterSet,
    int InputLength,
    int OutputLength,
    int SlotPeriod,
    int Level,
    bool NeedsRelinearization,
    IReadOnlyList<int> RotationSteps,
    double InputBound,
    ClientActivation OutputActivation);
