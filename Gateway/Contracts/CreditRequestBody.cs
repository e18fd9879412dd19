namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/accounts/{id}/credit. The operation id makes a retried credit apply once.</summary>
public sealed record CreditRequestBody(decimal? Amount, string? OperationId, string? Reason);
