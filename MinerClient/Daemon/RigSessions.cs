using Aitbc.Orleans.Client.Security;
using Aitbc.Orleans.Miner.Identity;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// Sessions for the extra rigs of a simulated fleet in a daemon process: each signs in with its own key, as its own
/// miner, over the process's one connection. (The development silo's local miner calls from inside the silo and needs none.)
/// </summary>
public sealed class RigSessions(IServiceProvider services, TimeProvider time, ILogger<ClusterSession> logger)
{
    public ClusterSession Create(string minerId, MinerIdentity key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ClusterSession(services, new MinerKeyCredential(minerId, key.Sign), time, logger);
    }
}
