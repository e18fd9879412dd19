using System.Collections.Concurrent;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Attestation;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Models.Deployments;
using Aitbc.Orleans.Models.Variants;
using Aitbc.Orleans.Operations;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Staking;
using Orleans.Serialization.Invocation;
using static Aitbc.Orleans.Trust.CallAccess;

namespace Aitbc.Orleans.Trust;

/// <summary>
/// The table of what clients may call: miners their own miner grain, GPUs and assigned jobs and models; gateways the
/// submissions and reads the HTTP API makes; operators everything. Everything else (ledger writes, escrow, keys with
/// roles, the router, regions' writes, IManagementGrain and every Orleans system target) is denied to clients.
/// Rules are looked up once per generated request type and cached, so a call costs one dictionary read.
/// </summary>
public static class CallRules
{
    private static readonly Dictionary<(Type Interface, string Method), CallRule> Table = Build();
    private static readonly ConcurrentDictionary<Type, CallRule> ByRequestType = new();

    /// <summary>Timer ticks arrive as calls of this internal interface; they cannot come from a client (the request type has no serializer).</summary>
    private static readonly Type? TimerInvoker = Type.GetType("Orleans.Runtime.IGrainTimerInvoker, Orleans.Runtime");

    /// <summary>The runtime's manifest provider, which clients read while connecting, before any session exists.</summary>
    private static readonly Type? ManifestProvider = Type.GetType("Orleans.Runtime.IClusterManifestSystemTarget, Orleans.Core");

    public static CallRule For(IInvokable request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ByRequestType.GetOrAdd(request.GetType(), static (_, r) => Resolve(r.GetInterfaceType(), r.GetMethodName()), request);
    }

    /// <summary>A grain timer's tick: the silo's own work, exempt from the filter.</summary>
    public static bool IsTimerTick(IInvokable request) => TimerInvoker is not null && request.GetInterfaceType() == TimerInvoker;

    private static CallRule Resolve(Type interfaceType, string method)
    {
        if (Table.TryGetValue((interfaceType, method), out var rule))
        {
            return rule;
        }

        if (interfaceType == ManifestProvider)
        {
            return new CallRule($"{interfaceType.Name}.{method}", Deny, Any, Anonymous: true);
        }

        return CallRule.Unlisted($"{interfaceType.Name}.{method}");
    }

    private static Dictionary<(Type, string), CallRule> Build()
    {
        var table = new Dictionary<(Type, string), CallRule>();
        void Add<T>(string method, CallAccess miner, CallAccess gateway, bool anonymous = false) =>
            table.Add((typeof(T), method), new CallRule($"{typeof(T).Name}.{method}", miner, gateway, anonymous));

        // Before a session: the challenge, the sign-in, and an operator's API key exchanged for an operator session.
        Add<IClusterAccessGrain>(nameof(IClusterAccessGrain.GetChallenge), Any, Any, anonymous: true);
        Add<IClusterAccessGrain>(nameof(IClusterAccessGrain.SignIn), Any, Any, anonymous: true);
        Add<IClusterAccessGrain>(nameof(IClusterAccessGrain.SignInOperator), Any, Any, anonymous: true);
        Add<IClusterAccessGrain>(nameof(IClusterAccessGrain.IssueMinerCertificate), Deny, Any);
        Add<IClusterAccessGrain>(nameof(IClusterAccessGrain.GetSiloGateways), Deny, Any);
        Add<IClusterAccessGrain>(nameof(IClusterAccessGrain.MinerMayReadModel), Deny, Any);
        Add<IPingGrain>(nameof(IPingGrain.Ping), Any, Any);

        // A miner: its own miner grain (the registration itself is signed and checked by the grain), its own GPU shard's
        // heartbeat (the shard keeps the rig's session and ignores GPUs not in its registration; older daemons send it to
        // their own miner grain, which forwards it), its own GPUs' views, and the answers for jobs on its own GPUs (the job
        // ignores an answer whose GPU or attempt is not current).
        Add<IMinerGrain>(nameof(IMinerGrain.Register), OwnKey, Deny);
        Add<IGpuShardGrain>(nameof(IGpuShardGrain.Heartbeat), OwnKey, Deny);
        Add<IMinerGrain>(nameof(IMinerGrain.Heartbeat), OwnKey, Deny);
        Add<IMinerGrain>(nameof(IMinerGrain.Deregister), OwnKey, Deny);
        Add<IMinerGrain>(nameof(IMinerGrain.GetSnapshot), OwnKey, Any);
        Add<IGpuGrain>(nameof(IGpuGrain.GetSnapshot), OwnGpuKey, Any);
        Add<IJobGrain>(nameof(IJobGrain.Started), OwnGpuArgument, Deny);
        Add<IJobGrain>(nameof(IJobGrain.Complete), OwnGpuArgument, Deny);
        Add<IJobGrain>(nameof(IJobGrain.Fail), OwnGpuArgument, Deny);
        Add<IModelGrain>(nameof(IModelGrain.Get), AssignedModel, Any);
        Add<IModelChunkGrain>(nameof(IModelChunkGrain.Read), AssignedModelChunk, Any);
        Add<IMinerStakeGrain>(nameof(IMinerStakeGrain.Get), OwnKey, Any);
        Add<IMinerAttestationGrain>(nameof(IMinerAttestationGrain.Challenge), OwnKey, Deny);
        Add<IMinerAttestationGrain>(nameof(IMinerAttestationGrain.Attest), OwnKey, Deny);
        Add<IMinerAttestationGrain>(nameof(IMinerAttestationGrain.Get), OwnKey, Any);
        Add<IModelVariantsGrain>(nameof(IModelVariantsGrain.ReadChunk), AssignedModel, Any);
        Add<IModelDeploymentGrain>(nameof(IModelDeploymentGrain.Report), OwnGpuArgument, Deny);

        // A gateway: what the HTTP and gRPC API needs for submitters, owners and API-key checks. Ledger writes and
        // operator keys are not here: the gateway makes those with the operator's own session.
        Add<IApiKeyGrain>(nameof(IApiKeyGrain.Get), Deny, Any);
        Add<IApiKeyGrain>(nameof(IApiKeyGrain.Create), Deny, MinerCredentialRecord);
        Add<IApiKeyGrain>(nameof(IApiKeyGrain.Revoke), Deny, Any);
        Add<IMinerEnrollmentGrain>(nameof(IMinerEnrollmentGrain.Get), Deny, Any);
        Add<IMinerEnrollmentGrain>(nameof(IMinerEnrollmentGrain.Enroll), Deny, Any);
        Add<IMinerEnrollmentGrain>(nameof(IMinerEnrollmentGrain.ReplaceCredential), Deny, Any);
        Add<IMinerStakeGrain>(nameof(IMinerStakeGrain.Stake), Deny, Any);
        Add<IMinerStakeGrain>(nameof(IMinerStakeGrain.RequestUnstake), Deny, Any);
        Add<IAccountGrain>(nameof(IAccountGrain.GetSnapshot), Deny, Any);
        Add<IJobGrain>(nameof(IJobGrain.Submit), Deny, Any);
        Add<IJobGrain>(nameof(IJobGrain.SubmitAndWait), Deny, Any);
        Add<IJobGrain>(nameof(IJobGrain.Get), Deny, Any);
        Add<IJobGrain>(nameof(IJobGrain.WaitForChange), Deny, Any);
        Add<IJobGrain>(nameof(IJobGrain.Cancel), Deny, Any);
        Add<ISubmissionKeyGrain>(nameof(ISubmissionKeyGrain.Claim), Deny, Any);
        Add<ITenantJobsGrain>(nameof(ITenantJobsGrain.List), Deny, Any);
        Add<IBookingGrain>(nameof(IBookingGrain.Rent), Deny, Any);
        Add<IBookingGrain>(nameof(IBookingGrain.Get), Deny, Any);
        Add<IBookingGrain>(nameof(IBookingGrain.Cancel), Deny, Any);
        Add<IPricingMarketGrain>(nameof(IPricingMarketGrain.IssueQuote), Deny, Any);
        Add<IPricingMarketGrain>(nameof(IPricingMarketGrain.Price), Deny, Any);
        Add<IQuoteGrain>(nameof(IQuoteGrain.Get), Deny, Any);
        Add<IRegionGrain>(nameof(IRegionGrain.ListGpus), Deny, Any);
        Add<IRegionGrain>(nameof(IRegionGrain.GetStats), Deny, Any);
        Add<IFleetDirectoryGrain>(nameof(IFleetDirectoryGrain.GetRegions), Deny, Any);
        Add<IModelGrain>(nameof(IModelGrain.Register), Deny, Any);
        Add<IModelGrain>(nameof(IModelGrain.GetPrivatePlan), Deny, Any);
        Add<IModelChunkGrain>(nameof(IModelChunkGrain.Put), Deny, Any);
        Add<IModelCatalogGrain>(nameof(IModelCatalogGrain.List), Deny, Any);
        Add<IModelVariantsGrain>(nameof(IModelVariantsGrain.Get), AssignedModel, Any);
        Add<IModelDeploymentGrain>(nameof(IModelDeploymentGrain.Start), Deny, Any);
        Add<IModelDeploymentGrain>(nameof(IModelDeploymentGrain.Get), Deny, Any);

        // Owners' and operators' dashboards: reads only (the gateway checks who may see which miner). Registering a
        // cloud offer is an operator's move, made with the operator's own session.
        Add<IOwnerMinersGrain>(nameof(IOwnerMinersGrain.List), Deny, Any);
        Add<IGpuGrain>(nameof(IGpuGrain.GetRecentJobs), Deny, Any);
        Add<ISlashLogGrain>(nameof(ISlashLogGrain.List), Deny, Any);
        Add<ICloudPoolGrain>(nameof(ICloudPoolGrain.List), Deny, Any);
        return table;
    }

    /// <summary>Every listed rule, for the documentation test and the trust model's table.</summary>
    public static IEnumerable<((Type Interface, string Method) Key, CallRule Rule)> All => Table.Select(kv => (kv.Key, kv.Value));

    /// <summary>The GPU id a job answer names: the first argument itself, or its GpuId.</summary>
    public static string? GpuArgument(IInvokable request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.GetArgumentCount() == 0 ? null : request.GetArgument(0) switch
        {
            string gpuId => gpuId,
            Dispatch.JobResult result => result.GpuId,
            Dispatch.JobFailure failure => failure.GpuId,
            _ => null,
        };
    }

    /// <summary>True for an API key record a gateway may create: a miner's credential and nothing more.</summary>
    public static bool IsMinerCredentialRecord(IInvokable request) =>
        request.GetArgumentCount() == 1 && request.GetArgument(0) is ApiKeyRecord { MinerId: not null } record
        && record.Roles.Count == 1 && record.Roles[0] == AccessRoles.Miner && record.AccountId == LedgerAccounts.ForMiner(record.MinerId);
}
