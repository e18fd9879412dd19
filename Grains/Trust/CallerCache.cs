using System.Collections.Concurrent;

namespace Aitbc.Orleans.Trust;

/// <summary>
/// Verified session tokens by their text, so the common path (a miner's heartbeat) costs a dictionary read rather than
/// a MAC. Bounded: past <see cref="MaxEntries"/> it starts over (tokens are re-verified on their next use).
/// </summary>
public sealed class CallerCache(ClusterTokens tokens)
{
    public const int MaxEntries = 200_000;

    private readonly ConcurrentDictionary<string, AuthenticatedCaller> _byToken = new(StringComparer.Ordinal);

    /// <summary>The caller a token names, or null when it is forged, malformed or expired at <paramref name="now"/>.</summary>
    public AuthenticatedCaller? Resolve(string token, DateTimeOffset now)
    {
        if (_byToken.TryGetValue(token, out var known))
        {
            return now < known.ExpiresAt ? known : null;
        }

        if (!tokens.TryReadToken(token, out var identity, out var expiresAt) || now >= expiresAt)
        {
            return null;
        }

        if (_byToken.Count >= MaxEntries)
        {
            _byToken.Clear();
        }

        var caller = new AuthenticatedCaller(identity, expiresAt);
        _byToken[token] = caller;
        return caller;
    }
}
