using Aitbc.Orleans.Miner.Inference;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Miner.Benchmarking;

/// <summary>
/// Bare ONNX Runtime, the baseline of the comparison: one InferenceSession with the same provider options as the
/// engine, and IOBindings whose buffers are allocated once and bound once, so a timed run is RunWithBinding alone
/// (plus the stream sync on a GPU). Written against the ONNX Runtime API directly, none of the engine's code.
/// </summary>
internal sealed class BareRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly BenchmarkModel _model;

    public BareRunner(BenchmarkModel model, ExecutionProviderSelection selection, CudaProviderSettings cuda, int intraOpThreads)
    {
        _model = model;
        Cuda = selection.Provider == ExecutionProviderSelector.Cuda;
        DeviceId = selection.DeviceId;
        using var options = ExecutionProviderSelector.CreateSessionOptions(selection, intraOpThreads, cuda, model.Bytes.Length);
        _session = new InferenceSession(model.Bytes, options);
    }

    public bool Cuda { get; }

    public int DeviceId { get; }

    /// <summary>A binding for one batch size with <paramref name="input"/> (raw bytes of [batch, width]) in place.</summary>
    public BareBinding Bind(int batch, byte[] input, BareIo io) => new(this, _session, _model, batch, input, io);

    public void Dispose() => _session.Dispose();
}
