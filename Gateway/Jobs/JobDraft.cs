using Aitbc.Orleans.Gateway.Contracts;

namespace Aitbc.Orleans.Gateway.Jobs;

/// <summary>A submission's scalar fields as received (HTTP JSON or gRPC), not yet validated. Inputs travel separately.</summary>
public sealed record JobDraft(
    string? ModelId,
    string? JobType,
    string? LatencyClass,
    LocationBody? Client,
    string? QuoteId,
    decimal? MaxPrice,
    string? IdempotencyKey,
    bool RequireAttestation,
    bool PreferCloud,
    double? Complexity);
