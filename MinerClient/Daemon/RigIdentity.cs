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
    /// Makes the calls that follow on this async flow carry this rig's session token. Without a session of its own the
    /// token is cleared, so that the client's filter puts the process's own on (and nothing inherited is reused).
    /// </summary>
    public async ValueTask ActAsync()
    {
        if (Session is null)
        {
            RequestContext.Remove(TrustRequestContext.TokenKey);
            return;
        }

        RequestContext.Set(TrustRequestContext.TokenKey, await Session.GetTokenAsync());
    }
}
