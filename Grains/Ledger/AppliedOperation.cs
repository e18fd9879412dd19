namespace Aitbc.Orleans.Ledger;

/// <summary>An operation id in an account's recent window and the amount it moved, answered again to a repeat.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.AppliedOperation")]
public sealed record AppliedOperation(
    [property: Id(0)] string OperationId,
    [property: Id(1)] decimal Amount);
