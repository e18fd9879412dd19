namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>Where a job's time went, in milliseconds.</summary>
public sealed record JobTimings(double QueueMs, double EstimatedRttMs, double ModelLoadMs, double InferenceMs, double TotalMs);
