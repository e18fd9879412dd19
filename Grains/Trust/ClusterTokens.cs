using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Trust;

/// <summary>
/// Everything the silos sign with the cluster's token key (HMAC-SHA256): session tokens
/// ("{kind}.{id, base64url}.{expiry, unix s}.{mac}"), challenges ("{nonce}.{expiry}.{mac}") and the marker silos
/// put on their own calls. A MAC costs about a microsecond, so every silo checks every token without state or a
/// grain call, and a client cannot forge any of them.
/// </summary>
public sealed class ClusterTokens
{
    /// <summary>Published on purpose: development clusters sign with it, so they are not secure.</summary>
    private const string DevelopmentSecret = "aitbc-development-token-key/not-a-secret";

    private readonly byte[] _key;

    public ClusterTokens(IOptions<TrustOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        var text = o.TokenKeyFile is { Length: > 0 } file ? File.ReadAllText(file).Trim() : o.TokenKey;
        if (string.IsNullOrWhiteSpace(text))
        {
            _key = SHA256.HashData(Encoding.UTF8.GetBytes(DevelopmentSecret));
            IsDevelopmentKey = true;
        }
        else
        {
            _key = Convert.FromBase64String(text);
            if (_key.Length < 32)
            {
                throw new InvalidOperationException("Aitbc:Trust:TokenKey must hold at least 32 bytes (base64)");
            }
        }

        // 128 bits of the MAC: as hard to guess as the key is, and short, because every internal message carries it.
        InternalMarker = Base64Url.EncodeToString(Mac("aitbc-internal-call/v1").AsSpan(0, 16));
    }

    /// <summary>True when no key was configured and the published development key is in use.</summary>
    public bool IsDevelopmentKey { get; }

    /// <summary>The value of <see cref="TrustRequestContext.InternalKey"/> on the silos' own calls.</summary>
    public string InternalMarker { get; }

    public string IssueToken(CallerIdentity caller, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var body = $"{(int)caller.Kind}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(caller.Id))}.{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        return body + "." + Base64Url.EncodeToString(Mac("token/v1." + body));
    }

    /// <summary>Reads a token whose MAC verifies; the caller checks the expiry (tokens are cached between calls).</summary>
    public bool TryReadToken(string token, out CallerIdentity caller, out DateTimeOffset expiresAt)
    {
        caller = null!;
        expiresAt = default;
        var parts = token.Split('.');
        if (parts.Length != 4 || token.Length > 512)
        {
            return false;
        }

        var body = token[..token.LastIndexOf('.')];
        if (!Verify("token/v1." + body, parts[3])
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kind) || !Enum.IsDefined((CallerKind)kind)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return false;
        }

        try
        {
            caller = new CallerIdentity((CallerKind)kind, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])));
        }
        catch (FormatException)
        {
            return false;
        }

        expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiry);
        return true;
    }

    public ClusterChallenge NewChallenge(DateTimeOffset now, TimeSpan lifetime)
    {
        var expires = now + lifetime;
        var body = $"{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18))}.{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        return new ClusterChallenge(body + "." + Base64Url.EncodeToString(Mac("challenge/v1." + body)), expires);
    }

    /// <summary>Null when the challenge was made by this cluster and has not expired; otherwise why not.</summary>
    public string? CheckChallenge(string? challenge, DateTimeOffset now)
    {
        var parts = challenge?.Split('.') ?? [];
        if (parts.Length != 3 || challenge!.Length > 256 || !Verify("challenge/v1." + challenge[..challenge.LastIndexOf('.')], parts[2]))
        {
            return "the challenge was not issued by this cluster";
        }

        return long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) && now.ToUnixTimeSeconds() <= expiry
            ? null
            : "the challenge has expired; ask for a fresh one";
    }

    private byte[] Mac(string text) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text));

    private bool Verify(string text, string mac)
    {
        Span<byte> given = stackalloc byte[48];
        return Base64Url.TryDecodeFromChars(mac, given, out var written) && written == 32
            && CryptographicOperations.FixedTimeEquals(given[..written], Mac(text));
    }
}
