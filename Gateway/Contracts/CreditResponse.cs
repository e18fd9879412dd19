namespace Aitbc.Orleans.Gateway.Contracts;

public sealed record CreditResponse(string AccountId, decimal Amount, bool Duplicate, decimal Balance);
