using Aitbc.Orleans.Client.Security;
using Aitbc.Orleans.Miner.Identity;
using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// Who a rig is to the cluster: its miner id, its key (registrations and result signatures) and its session. A real
/// daemon is one rig and calls with the process's own session (<see cref="Session"/> is null: the client's token
/// filter adds it); a simulated fleet serves many rigs from one process, each signing in with its own key.
/// </summary>
public sealed class RigIdentity(string minerId, MinerIdentity identity, ClusterSession? session = null)
{
    public string MinerId { get; } = minerId;

    public MinerIdentity Key { get; } = identity;

    public ResultSigner Signer { get; } = new(identity);

    public ClusterSession? Session { get; } = session;

    /// <summary>
    /// This rig's session token, or null where the process's own session serves (the client's filter puts that on).
    /// Apply it with <see cref="Use"/> in the method that makes the calls: an async method's own changes to the
    /// request context never reach its caller.
    /// </summary>
    public async ValueTask<string?> TokenAsync() => Session is null ? null : await Session.GetTokenAsync();

    /// <summary>
    /// Makes the calls that follow on this flow carry <paramref name="token"/>; without one the token is cleared, so that
    /// the client's filter puts the process's own on (and nothing inherited is reused).
    /// </summary>
    public static void Use(string? token)
    {
        if (token is null)
        {
            RequestContext.Remove(TrustRequestContext.TokenKey);
        }
        else
        {
            RequestContext.Set(TrustRequestContext.TokenKey, token);
        }
    }
}
