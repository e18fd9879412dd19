using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Telemetry;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Trust;

/// <summary>
/// The silos' incoming filter: every call that does not carry the cluster's internal marker comes from a client and
/// is authorized by the caller's session token against <see cref="CallRules"/>. The token is signed by the cluster
/// and bound to the key or certificate the caller signed in with, so setting a request-context value cannot forge an
/// identity. The common path is a cache read and a byte comparison; only a miner's model reads ask grains. A refusal
/// throws <see cref="CallDeniedException"/> (or <see cref="SessionInvalidException"/> without a valid session), is
/// counted in aitbc.trust.calls_denied and logged with the caller, the grain and the method.
/// </summary>
public sealed class CallAuthorizationFilter(
    ClusterTokens tokens, CallerCache callers, ModelReadGrants models, DomainTime time, ILogger<CallAuthorizationFilter> logger) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Calls to client objects (a miner observer the silo's own host serves, in development) are not grain calls:
        // grains make them, and the internal marker is stripped from them on the way out.
        if (IsInternal() || CallRules.IsTimerTick(context.Request) || context.TargetId.IsClient())
        {
            return context.Invoke();
        }

        var rule = CallRules.For(context.Request);
        var caller = RequestContext.Get(TrustRequestContext.TokenKey) is string token ? callers.Resolve(token, time.GetUtcNow()) : null;
        if (caller is null)
        {
            if (!rule.Anonymous)
            {
                throw Refuse(context, rule, "anonymous", "no valid session (sign in first)", session: true);
            }

            return InvokeAdmitted(context);
        }

        return rule.For(caller.Identity.Kind) switch
        {
            CallAccess.Any => InvokeAdmitted(context),
            CallAccess.OwnKey when context.TargetId.Key.AsSpan().SequenceEqual(caller.IdUtf8) => InvokeAdmitted(context),
            CallAccess.OwnGpuKey when context.TargetId.Key.AsSpan().StartsWith(caller.GpuPrefixUtf8) => InvokeAdmitted(context),
            CallAccess.OwnGpuArgument when CallRules.GpuArgument(context.Request) is { } gpu && gpu.StartsWith(caller.GpuPrefix, StringComparison.Ordinal)
                => InvokeAdmitted(context),
            CallAccess.MinerCredentialRecord when CallRules.IsMinerCredentialRecord(context.Request) => InvokeAdmitted(context),
            CallAccess.AssignedModel or CallAccess.AssignedModelChunk => InvokeIfModelAssigned(context, rule, caller),
            var access => throw Refuse(context, rule, caller.Identity.ToString(), access == CallAccess.Deny ? "not allowed for this caller" : $"allowed only as {access}"),
        };
    }

    private bool IsInternal()
    {
        if (RequestContext.Get(TrustRequestContext.InternalKey) is not string marker)
        {
            return false;
        }

        var expected = tokens.InternalMarker;
        return marker.Length == expected.Length
            && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(marker.AsSpan()), MemoryMarshal.AsBytes(expected.AsSpan()));
    }

    /// <summary>
    /// The call is admitted: what the grain calls next is the cluster's own work, so its calls carry the marker and not
    /// the client's token (which keeps every message the grain sends as small as one short entry allows).
    /// </summary>
    private async Task InvokeAdmitted(IIncomingGrainCallContext context)
    {
        // One change of the request context instead of a removal and a set: each change copies the context.
        var values = new Dictionary<string, object>(StringComparer.Ordinal) { [TrustRequestContext.InternalKey] = tokens.InternalMarker };
        foreach (var key in RequestContext.Keys)
        {
            if (key is not TrustRequestContext.TokenKey and not TrustRequestContext.InternalKey && RequestContext.Get(key) is { } value)
            {
                values[key] = value;
            }
        }

        RequestContextExtensions.Import(values);
        await context.Invoke();
    }

    private async Task InvokeIfModelAssigned(IIncomingGrainCallContext context, CallRule rule, AuthenticatedCaller caller)
    {
        var key = context.TargetId.Key.ToString()!;
        var allowed = rule.For(caller.Identity.Kind) == CallAccess.AssignedModel
            ? await models.MayRead(caller.Identity.Id, key)
            : await models.MayReadChunk(caller.Identity.Id, key);
        if (!allowed)
        {
            throw Refuse(context, rule, caller.Identity.ToString(), "the model of no job assigned to this miner");
        }

        await InvokeAdmitted(context);
    }

    private Exception Refuse(IIncomingGrainCallContext context, CallRule rule, string caller, string reason, bool session = false)
    {
        AitbcMetrics.CallsDenied.Add(1, new KeyValuePair<string, object?>("method", rule.Name), new KeyValuePair<string, object?>("caller", caller.Split(':')[0]));
        logger.LogWarning("Denied {Caller} calling {Method} on {Grain}: {Reason}", caller, rule.Name, context.TargetId, reason);
        var message = $"{caller} may not call {rule.Name} on {context.TargetId}: {reason}";
        return session ? new SessionInvalidException(message) : new CallDeniedException(message);
    }
}
