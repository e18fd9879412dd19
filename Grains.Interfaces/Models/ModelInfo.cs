using Aitbc.Orleans.Models.Licensing;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Models;

/// <summary>
/// A registered ONNX model. Id is derived from the content hash, so the same bytes register once. <see cref="Terms"/>
/// is the structured license (null for models registered before licenses were structured: read as open); a model is
/// visible only to its owner until <see cref="Published"/>. <see cref="OriginalOnly"/>: no variants are built (the
/// platform's own known-answer models, which must run exactly as registered).
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.ModelInfo")]
public sealed record ModelInfo(
    [property: Id(0)] string ModelId,
    [property: Id(1)] string Name,
    [property: Id(2)] string License,
    [property: Id(3)] string Sha256,
    [property: Id(4)] long SizeBytes,
    [property: Id(5)] IReadOnlyList<TensorSpec> Inputs,
    [property: Id(6)] IReadOnlyList<TensorSpec> Outputs,
    [property: Id(7)] string OwnerAccountId,
    [property: Id(8)] DateTimeOffset UploadedAt,
    [property: Id(9)] long ParameterCount,
    [property: Id(10)] int ChunkCount,
    [property: Id(11)] int ChunkSize,
    [property: Id(12)] ModelLicense? Terms = null,
    [property: Id(13)] bool Published = false,
    [property: Id(14)] bool OriginalOnly = false)
{
    /// <summary>The license in force: the structured terms, or an open license under the label for older models.</summary>
    public ModelLicense EffectiveLicense => Terms ?? ModelLicense.Open(License);

    /// <summary>
    /// Whether an account may see and run the model: published, or its own (the platform sees every model, for checks).
    /// A model registered before licenses were structured (no <see cref="Terms"/>) was public and stays so.
    /// </summary>
    public bool VisibleTo(string accountId) =>
        Published || Terms is null || string.Equals(accountId, OwnerAccountId, StringComparison.Ordinal) || accountId == Ledger.LedgerAccounts.Platform;
}
