namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>One routing attempt of a job and how it ended (re-routes after a failure add attempts).</summary>
public sealed record JobAttempt(int Attempt, string GpuId, string Region, PoolKind Pool, DateTimeOffset StartedAt, string Outcome);
