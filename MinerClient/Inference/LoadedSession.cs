using Aitbc.Orleans.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>A cached ONNX Runtime session with the signature read from it and the provider it really runs on.</summary>
internal sealed class LoadedSession(InferenceSession session, ModelSignature signature, string provider) : IDisposable
{
    public InferenceSession Session { get; } = session;

    public ModelSignature Signature { get; } = signature;

    public string Provider { get; } = provider;

    public string[] InputNames { get; } = signature.Inputs.Select(i => i.Name).ToArray();

    public string[] OutputNames { get; } = signature.Outputs.Select(o => o.Name).ToArray();

    public void Dispose() => Session.Dispose();
}
