namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>A newly issued key. Key is shown only here, once; KeyId (its SHA-256) names it for revocation.</summary>
public sealed record ApiKeyResponse(string Key, string KeyId, string AccountId, IReadOnlyList<string> Roles, string? MinerId, string? Label, DateTimeOffset CreatedAt);
