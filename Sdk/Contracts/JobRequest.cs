namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>POST /v1/jobs. Pay with <see cref="JobFields.QuoteId"/> or cap the market price with <see cref="JobFields.MaxPrice"/> (exactly one).</summary>
public sealed record JobRequest : JobFields
{
    /// <summary>Named tensors matching the model's inputs.</summary>
    public required IReadOnlyDictionary<string, Tensor> Inputs { get; init; }

    public JobType? JobType { get; init; }
}
