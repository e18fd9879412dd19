namespace Aitbc.Orleans.Verification;

/// <summary>
/// A challenge sent and not yet judged: its job, the secret seed of its input (the expected rows follow from it), and
/// everything it was sized with, so a restart judges it exactly as it was built even if the options changed.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.PendingChallenge")]
public sealed record PendingChallenge(
    [property: Id(0)] string JobId,
    [property: Id(1)] int InputSeed,
    [property: Id(2)] double ClaimedFp32Tflops,
    [property: Id(3)] DateTimeOffset IssuedAt,
    [property: Id(4)] int ModelSeed,
    [property: Id(5)] int Width,
    [property: Id(6)] int Layers,
    [property: Id(7)] int MaxBatch,
    [property: Id(8)] double TargetSeconds);
