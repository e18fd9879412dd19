using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Client.Security;

/// <summary>How a client proves who it is to get a session: usually by signing the cluster's fresh challenge with the key the cluster knows it by.</summary>
public interface ISignInCredential
{
    /// <summary>Who the credential claims to be, e.g. "miner:miner-3f2a..." (for logs).</summary>
    string Subject { get; }

    Task<SessionToken> SignInAsync(IClusterAccessGrain access);
}
