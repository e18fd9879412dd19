namespace Aitbc.Orleans.Trust;

/// <summary>
/// A short-lived credential signed by the cluster. Clients put <see cref="Token"/> in the request context of every
/// call (<see cref="TrustRequestContext.TokenKey"/>); the silos' call filter verifies it and authorizes the call for
/// <see cref="Caller"/>. Lifetime = ExpiresAt - IssuedAt, measured on the client's own clock.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.SessionToken")]
public sealed record SessionToken(
    [property: Id(0)] string Token,
    [property: Id(1)] CallerIdentity Caller,
    [property: Id(2)] DateTimeOffset IssuedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt);
