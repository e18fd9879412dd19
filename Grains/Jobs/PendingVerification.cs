namespace Aitbc.Orleans.Jobs;

/// <summary>
/// A completed attempt whose result was drawn for re-execution: the job stays unfinished (its outputs unseen by the
/// submitter) until the verification grain's verdict. What the verdict needs to settle and to score the GPU is kept here.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.PendingVerification")]
public sealed record PendingVerification(
    [property: Id(0)] int Attempt,
    [property: Id(1)] string GpuId,
    [property: Id(2)] string MinerId,
    [property: Id(3)] string Signature,
    [property: Id(4)] double SlaMs,
    [property: Id(5)] double BudgetMs,
    [property: Id(6)] decimal Price);
