using System.Collections.Concurrent;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Trust;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Client.Security;

/// <summary>
/// This client's session with the cluster: signs in with its credential on first use, renews the token in the
/// background once half its lifetime has passed, and signs in again when the cluster refuses it. Gateways also hold
/// short-lived operator sessions, one per operator API key presented to them.
/// </summary>
public sealed class ClusterSession(IServiceProvider services, ISignInCredential credential, TimeProvider time, ILogger<ClusterSession> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, Held> _operators = new(StringComparer.Ordinal);
    private volatile Held? _current;

    public string Subject => credential.Subject;

    /// <summary>The current token, signing in (or renewing) as needed.</summary>
    public async ValueTask<string> GetTokenAsync()
    {
        var held = _current;
        var now = time.GetUtcNow();
        if (held is not null && now < held.RenewAt)
        {
            return held.Token;
        }

        if (held is not null && now < held.ExpiresAt)
        {
            // Still valid: renew without making this call wait.
            _ = RenewInBackground();
            return held.Token;
        }

        return (await SignInAsync()).Token;
    }

    /// <summary>Forgets the token (the cluster refused it); the next call signs in again.</summary>
    public void Invalidate() => _current = null;

    /// <summary>An operator session for an operator API key presented to this gateway, cached until half its lifetime.</summary>
    public async ValueTask<string> GetOperatorTokenAsync(string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        var id = ApiKeys.IdOf(apiKey);
        var now = time.GetUtcNow();
        if (_operators.TryGetValue(id, out var held) && now < held.RenewAt)
        {
            return held.Token;
        }

        var session = await Access().SignInOperator(apiKey);
        var fresh = Held.From(session, now);
        if (_operators.Count > 1024)
        {
            // Operator keys are few; a flood of distinct keys must not grow this without bound.
            _operators.Clear();
        }

        _operators[id] = fresh;
        return fresh.Token;
    }

    /// <summary>Forgets a cached operator session (revoked key, refused token).</summary>
    public void InvalidateOperator(string apiKey) => _operators.TryRemove(ApiKeys.IdOf(apiKey), out _);

    private async Task RenewInBackground()
    {
        if (!await _gate.WaitAsync(0))
        {
            return;
        }

        try
        {
            await SignInLocked();
        }
        catch (Exception ex)
        {
            logger.LogWarning("Could not renew the session of {Subject}: {Error}", credential.Subject, ex.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Held> SignInAsync()
    {
        await _gate.WaitAsync();
        try
        {
            // Another call may have signed in while this one waited.
            var held = _current;
            if (held is not null && time.GetUtcNow() < held.ExpiresAt)
            {
                return held;
            }

            return await SignInLocked();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Held> SignInLocked()
    {
        var session = await credential.SignInAsync(Access());
        var held = Held.From(session, time.GetUtcNow());
        _current = held;
        logger.LogInformation("Signed in to the cluster as {Caller} until {Expires:O}", session.Caller, held.ExpiresAt);
        return held;
    }

    private IClusterAccessGrain Access() => services.GetRequiredService<IGrainFactory>().GetGrain<IClusterAccessGrain>(0);

    /// <summary>A token with its renewal and expiry times on this machine's clock (the lifetime the cluster gave it).</summary>
    private sealed record Held(string Token, DateTimeOffset RenewAt, DateTimeOffset ExpiresAt)
    {
        public static Held From(SessionToken session, DateTimeOffset now)
        {
            var lifetime = session.ExpiresAt - session.IssuedAt;
            return new Held(session.Token, now + lifetime / 2, now + lifetime - TimeSpan.FromSeconds(Math.Min(30, lifetime.TotalSeconds / 10)));
        }
    }
}
