using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Identity;

/// <summary>Signs job results: the canonical <see cref="ResultDigest"/> of (job id, outputs), signed with the miner key.</summary>
public sealed class ResultSigner(MinerIdentity identity)
{
    public ResultSignature Sign(string jobId, IReadOnlyDictionary<string, TensorData> outputs)
    {
        var digest = ResultDigest.Compute(jobId, outputs);
        return new ResultSignature(jobId, digest, identity.Sign(digest), identity.PublicKey);
    }
}
