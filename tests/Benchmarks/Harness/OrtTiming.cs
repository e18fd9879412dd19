using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Bare ONNX Runtime speed of one model, by default on the CPU provider with one intra-op thread (the machine is
/// shared): latency of a batch-1 Run (p50 over the runs) and rows per second at a larger batch. Inputs are fixed
/// float32 values, copied in on every Run (as a job's inputs are).
/// </summary>
public sealed class OrtTiming : IDisposable
{
    private const int WarmupRuns = 20;
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly long[] _rowShape;

    public OrtTiming(byte[] model, Action<SessionOptions>? configure = null)
    {
        _options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        configure?.Invoke(_options);
        _session = new InferenceSession(model, _options);
        // The first input's shape with its (dynamic) batch dimension left for the caller.
        _rowShape = [.. _session.InputMetadata[_session.InputNames[0]].Dimensions.Skip(1).Select(d => (long)Math.Max(d, 1))];
    }

    /// <summary>p50 of <paramref name="runs"/> batch-1 Runs, in milliseconds.</summary>
    public double BatchOneP50Ms(int runs)
    {
        var samples = Time(1, runs);
        return Percentiles.Of(samples, 50);
    }

    /// <summary>Rows per second over <paramref name="runs"/> Runs of <paramref name="batch"/> rows.</summary>
    public double RowsPerSecond(int batch, int runs)
    {
        var samples = Time(batch, runs);
        return batch * runs / (samples.Sum() / 1000);
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }

    private List<double> Time(int batch, int runs)
    {
        long[] shape = [batch, .. _rowShape];
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var data = new float[count];
        for (var i = 0; i < count; i++)
        {
            data[i] = MathF.Sin(i * 0.37f);
        }

        using var value = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var runOptions = new RunOptions();
        var samples = new List<double>(runs);
        for (var i = 0; i < WarmupRuns + runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var result = _session.Run(runOptions, _session.InputNames, [value], _session.OutputNames);
            if (i >= WarmupRuns)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return samples;
    }
}
