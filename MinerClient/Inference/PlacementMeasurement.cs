namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// Median inference time of one model variant (precision) at one batch size on CPU and, when one is available, on the
/// GPU provider.
/// </summary>
public sealed record PlacementMeasurement(int BatchSize, TimeSpan CpuMedian, TimeSpan? GpuMedian, string Variant = InferenceModel.DefaultVariant);
