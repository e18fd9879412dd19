namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>What the bad-input cases aim at: a funded tenant, a registered model, an operator and an account to credit.</summary>
public sealed record BadInputWorld(TestTenant Tenant, HttpClient Operator, string ModelId, string CreditTarget);
