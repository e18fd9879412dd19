namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/keys: a key for an account with roles "submitter" and/or "operator".</summary>
public sealed record CreateKeyRequestBody(string? AccountId, string[]? Roles, string? Label);
