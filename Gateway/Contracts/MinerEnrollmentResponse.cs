namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>The enrolled miner and its credential: a miner API key, shown only here, once.</summary>
public sealed record MinerEnrollmentResponse(
    string MinerId, string? Name, string PublicKey, string OwnerAccountId, string LedgerAccountId, DateTimeOffset EnrolledAt, string Credential);
