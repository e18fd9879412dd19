namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>Where a job ran: a consumer or edge GPU, or the platform's cloud pool.</summary>
public enum PoolKind
{
    Edge,
    Cloud,
}
