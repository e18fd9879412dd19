using Aitbc.Orleans.Fleet.Profiles;

namespace Aitbc.Orleans.Models.Variants;

/// <summary>
/// A model's fp16 and int8 variants, built in the cluster after the upload answered (never on the submitter's machine,
/// never on the request path). Key: the model id.
/// </summary>
[Alias("aitbc.IModelVariantsGrain")]
public interface IModelVariantsGrain : IGrainWithStringKey
{
    /// <summary>Records that the variants are wanted (one write) and starts the build in the background; idempotent.</summary>
    [Alias("Request")]
    Task Request();

    /// <summary>The variants so far; asks for the build again when an earlier activation died before finishing it.</summary>
    [Alias("Get")]
    Task<ModelVariantSet> Get();

    /// <summary>
    /// One 1 MiB chunk of the model (fp32) or of a deployable variant, or null (no such variant or chunk). Miners read
    /// models from the cluster this way: the call is authorized by the model id, which a job or deployment names.
    /// </summary>
    [Alias("ReadChunk")]
    Task<byte[]?> ReadChunk(Precision precision, int index);
}
