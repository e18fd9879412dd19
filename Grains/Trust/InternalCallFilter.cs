namespace Aitbc.Orleans.Trust;

/// <summary>
/// On the silos: marks every call the cluster makes itself (grain to grain, the silo's own host, system targets) as
/// internal, so that the authorization filter lets it through; and strips the marker and any session token from
/// calls to clients (miners' observers), so that no client ever sees either. Request-context changes are made in
/// async methods of their own, so they end with the call and never reach the calling grain's context.
/// </summary>
public sealed class InternalCallFilter(ClusterTokens tokens) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TargetId.IsClient())
        {
            return InvokeStripped(context);
        }

        // Usually already there: the authorization filter marks the flow of every call it admits.
        return RequestContext.Get(TrustRequestContext.InternalKey) is string marker && string.Equals(marker, tokens.InternalMarker, StringComparison.Ordinal)
            ? context.Invoke()
            : InvokeMarked(context);
    }

    private async Task InvokeMarked(IOutgoingGrainCallContext context)
    {
        RequestContext.Set(TrustRequestContext.InternalKey, tokens.InternalMarker);
        await context.Invoke();
    }

    private static async Task InvokeStripped(IOutgoingGrainCallContext context)
    {
        RequestContext.Remove(TrustRequestContext.InternalKey);
        RequestContext.Remove(TrustRequestContext.TokenKey);
        await context.Invoke();
    }
}
