using Aitbc.Orleans.Ledger;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>What a miner's owner sees: its GPUs, connection, earnings, stake and slashes.</summary>
public sealed record MinerResponse(
    string MinerId,
    string? Name,
    string? OwnerAccountId,
    bool Enrolled,
    bool Registered,
    bool Online,
    DateTimeOffset? LastHeartbeat,
    DateTimeOffset? RegisteredAt,
    IReadOnlyList<GpuResponse> Gpus,
    string LedgerAccountId,
    decimal Balance,
    decimal Stake,
    decimal Earned,
    IReadOnlyList<LedgerEntry> Slashes);
