namespace Aitbc.Orleans.Trust;

/// <summary>The request-context keys of the trust model.</summary>
public static class TrustRequestContext
{
    /// <summary>The caller's <see cref="SessionToken.Token"/>, set by the client on every call.</summary>
    public const string TokenKey = "aitbc.token";

    /// <summary>
    /// Set by the silos on calls they make themselves (grain to grain, timers' work, the silo's own host). Its value is
    /// derived from the cluster's secret: a client cannot produce it, and silos strip it from calls to clients.
    /// </summary>
    public const string InternalKey = "aitbc.internal";
}
