namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>One malformed request and the status it must get. Bodies are built per run because they name the world's model.</summary>
public sealed record BadInputCase(
    string Name,
    string Method,
    string Path,
    Func<BadInputWorld, HttpContent?> Body,
    int Expected,
    bool AsOperator = false,
    Action<HttpRequestMessage>? Adjust = null);
