namespace Aitbc.Orleans.Trust;

/// <summary>
/// A fresh value from the cluster that a caller signs to prove it holds its key now (sign-in, miner registration).
/// It is authenticated by the cluster, so any silo can check it without state, and it expires quickly.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.ClusterChallenge")]
public sealed record ClusterChallenge([property: Id(0)] string Value, [property: Id(1)] DateTimeOffset ExpiresAt);
