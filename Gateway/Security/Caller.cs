using System.Security.Claims;
using Aitbc.Orleans.Access;

namespace Aitbc.Orleans.Gateway.Security;

/// <summary>The authenticated caller as the gateway's services see it (HTTP and gRPC alike).</summary>
public sealed record Caller(string AccountId, string KeyId, IReadOnlyList<string> Roles, string? MinerId)
{
    public bool IsOperator => Roles.Contains(AccessRoles.Operator);

    /// <summary>A miner daemon's own credential (no person's role with it).</summary>
    public bool IsMinerOnly => MinerId is not null && Roles.All(r => r == AccessRoles.Miner);

    /// <summary>Reads the principal built by <see cref="ApiKeyAuthenticationHandler"/>; endpoints run only after it authenticated.</summary>
    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var account = user.FindFirstValue(GatewayClaims.AccountId)
            ?? throw new InvalidOperationException("The caller is not authenticated with an API key.");
        return new Caller(
            account,
            user.FindFirstValue(GatewayClaims.KeyId) ?? "",
            user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
            user.FindFirstValue(GatewayClaims.MinerId));
    }

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, AccountId),
            new(GatewayClaims.AccountId, AccountId),
            new(GatewayClaims.KeyId, KeyId),
        };
        claims.AddRange(Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (MinerId is not null)
        {
            claims.Add(new Claim(GatewayClaims.MinerId, MinerId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
