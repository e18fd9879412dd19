using Aitbc.Orleans.Client.Security;
using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Gateway.Security;

/// <summary>
/// Where the gateway is its own process (it holds a <see cref="ClusterSession"/>), a request authenticated with an
/// operator key runs under that operator's own cluster session: the silos let only operators credit accounts or
/// create keys, so a gateway's own credential cannot. The session is exchanged for the key once and cached.
/// </summary>
public sealed class OperatorSessionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (services.GetService<ClusterSession>() is { } session && context.User.Identity?.IsAuthenticated == true
            && Caller.From(context.User).IsOperator && ApiKeyAuthenticationHandler.PresentedKey(context) is { } key)
        {
            RequestContext.Set(TrustRequestContext.TokenKey, await session.GetOperatorTokenAsync(key));
        }

        await next(context);
    }
}
