using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Client.Security;

/// <summary>
/// Puts this client's session token on every call to the cluster's grains (unless the caller already chose one, as a
/// gateway does for an operator's request). The sign-in calls themselves go without, and so do the runtime's own
/// calls to system targets. A call refused for its session clears the token so that the next one signs in again.
/// </summary>
public sealed class SessionTokenFilter(ClusterSession session) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (NeedsToken(context) && RequestContext.Get(TrustRequestContext.TokenKey) is null)
        {
            RequestContext.Set(TrustRequestContext.TokenKey, await session.GetTokenAsync());
        }

        try
        {
            await context.Invoke();
        }
        catch (SessionInvalidException)
        {
            session.Invalidate();
            throw;
        }
    }

    private static bool NeedsToken(IOutgoingGrainCallContext context)
    {
        if (context.TargetId.IsSystemTarget() || context.TargetId.IsClient())
        {
            return false;
        }

        return !(context.Request.GetInterfaceType() == typeof(IClusterAccessGrain)
            && context.Request.GetMethodName() is nameof(IClusterAccessGrain.GetChallenge) or nameof(IClusterAccessGrain.SignIn) or nameof(IClusterAccessGrain.SignInOperator));
    }
}
