namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/jobs. Give exactly one of quoteId (pay the quote) or maxPrice (pay the market price, capped).</summary>
public sealed record JobRequestBody(
    string? ModelId,
    Dictionary<string, TensorBody?>? Inputs,
    string? LatencyClass,
    LocationBody? Client,
    string? QuoteId,
    decimal? MaxPrice,
    string? IdempotencyKey,
    bool? RequireAttestation,
    bool? PreferCloud,
    string? JobType,
    double? Complexity);
