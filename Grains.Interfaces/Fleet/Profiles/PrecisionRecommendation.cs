namespace Aitbc.Orleans.Fleet.Profiles;

/// <summary>The most precise precision whose footprint fits a device, or the smallest one with <see cref="Fits"/> false.</summary>
/// <param name="Precision">Recommended precision (when nothing fits: the smallest the device supports).</param>
/// <param name="Fits">Whether the model fits at <paramref name="Precision"/>.</param>
/// <param name="RequiredBytes">Weights plus activation/runtime headroom at <paramref name="Precision"/>.</param>
/// <param name="AvailableBytes">Memory a model may use on the device.</param>
/// <param name="Reason">Human-readable explanation for operators and logs.</param>
[GenerateSerializer, Immutable, Alias("aitbc.PrecisionRecommendation")]
public sealed record PrecisionRecommendation(
    [property: Id(0)] Precision Precision,
    [property: Id(1)] bool Fits,
    [property: Id(2)] long RequiredBytes,
    [property: Id(3)] long AvailableBytes,
    [property: Id(4)] string Reason);
