namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>An account with its own API key and an HTTP client that sends it.</summary>
public sealed record TestTenant(string AccountId, string Key, HttpClient Http);
