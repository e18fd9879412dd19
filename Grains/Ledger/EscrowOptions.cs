namespace Aitbc.Orleans.Ledger;

public sealed class EscrowOptions
{
    /// <summary>Share of each settled charge kept by the platform.</summary>
    public decimal PlatformFeeRate { get; set; } = 0.10m;
}
