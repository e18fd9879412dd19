namespace Aitbc.Orleans.Miner.Benchmarking;

/// <summary>
/// Medians of interleaved runs of one model and batch: bare ONNX Runtime with IOBinding (host I/O), the engine's
/// lease (inputs written into its pooled buffers, run, outputs read in place), the engine's job path (tensors in,
/// validated, copied in, run, copied out into a result) and, on a GPU, bare with device-resident I/O.
/// </summary>
public sealed record ComparisonRow(
    string Model,
    string Precision,
    int Batch,
    int Iterations,
    double BareMs,
    double LeaseMs,
    double JobMs,
    double? BareDeviceMs,
    double FlopsPerRun)
{
    /// <summary>Engine throughput as a fraction of bare throughput (bare time ÷ engine time).</summary>
    public double LeaseRatio => BareMs / LeaseMs;

    public double JobRatio => BareMs / JobMs;

    public double TflopsOf(double milliseconds) => FlopsPerRun / (milliseconds * 1e-3) / 1e12;
}
