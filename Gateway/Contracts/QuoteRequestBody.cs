namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/quotes. jobType defaults to inference, complexity to 1.</summary>
public sealed record QuoteRequestBody(string? ModelId, string? JobType, string? LatencyClass, LocationBody? Client, double? Complexity);
