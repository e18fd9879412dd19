using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Dashboards;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Ledger;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>/v1/owners/me: what the owner's dashboard (/owner) reads, only the caller's own miners.</summary>
public static class OwnerEndpoints
{
    private const int RecentJobsShown = 50;

    public static RouteGroupBuilder MapOwnerEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/owners/me", GetOverview).RequireAuthorization(GatewayPolicies.AccountHolder).WithName("GetOwnerOverview")
            .WithSummary("The caller's miners and GPUs (live telemetry, thermal state, routable and why not), earnings over time, stake, slashes with evidence, recent jobs and the plan's metrics")
            .WithDescription("Only miners the caller's account enrolled. Earnings points are cumulative, one per earnings entry among the miners' recent ledger entries.")
            .Produces<OwnerOverviewResponse>();
        return v1;
    }

    private static async Task<IResult> GetOverview(HttpContext http, IGrainFactory grains, TimeProvider time, IOptions<DashboardOptions> options)
    {
        var caller = Caller.From(http.User);
        var minerIds = await grains.Grain<IOwnerMinersGrain>(caller.AccountId).List();
        var miners = new List<MinerResponse>();
        var gpus = new List<(GpuSnapshot, DateTimeOffset?)>();
        var jobs = new List<(GpuSnapshot Gpu, GpuJobRecord Job)>();
        var earnings = new List<LedgerEntry>();
        var slashes = new List<SlashRecord>();
        decimal earned = 0, stake = 0;
        foreach (var minerId in minerIds)
        {
            var enrollment = await grains.Grain<IMinerEnrollmentGrain>(minerId).Get();
            if (enrollment?.OwnerAccountId != caller.AccountId || await MinerViews.ReadAsync(grains, minerId, enrollment) is not { } read)
            {
                continue;
            }

            miners.Add(read.View);
            earned += read.Account.Earned;
            stake += read.Account.Stake;
            earnings.AddRange(read.Account.RecentEntries.Where(IsEarning));
            slashes.AddRange(read.Account.Slashes.Select(e => new SlashRecord(
                minerId, e.Operation.SlashReason ?? SlashReason.FailedVerification, e.AppliedAmount, e.At,
                e.Operation.Reference ?? e.Operation.OperationId, e.Operation.Evidence ?? e.Operation.Reason)));
            gpus.AddRange(read.Gpus.Select(g => (g, read.Miner?.RegisteredAt)));
            jobs.AddRange(await MinerViews.RecentJobs(grains, read.Gpus));
        }

        var cloud = await CloudPoolView.ReadAsync(grains);
        var now = time.GetUtcNow();
        var metrics = FleetMetrics.Compute(gpus, jobs, cloud.Jobs, now, options.Value);
        return TypedResults.Ok(new OwnerOverviewResponse(
            caller.AccountId, now, miners, earned, stake, EarningsSeries(earnings, earned), slashes.OrderByDescending(s => s.At).ToArray(),
            jobs.OrderByDescending(j => j.Job.At).Take(RecentJobsShown).Select(j => RecentJobResponse.From(j.Gpu, j.Job)).ToArray(),
            metrics));
    }

    /// <summary>Earnings credits: batched transfers from payers and referenced credits (top-ups carry no reference).</summary>
    private static bool IsEarning(LedgerEntry entry) =>
        entry.Operation.Kind == LedgerOperationKind.Credit && entry.Operation.Reference is not null;

    /// <summary>Cumulative earnings, ending at the accounts' total: older earnings than the recent entries form the base.</summary>
    private static EarningsPoint[] EarningsSeries(List<LedgerEntry> entries, decimal total)
    {
        var ordered = entries.OrderBy(e => e.At).ToArray();
        var running = total - ordered.Sum(e => e.AppliedAmount);
        var points = new EarningsPoint[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            running += ordered[i].AppliedAmount;
            points[i] = new EarningsPoint(ordered[i].At, running);
        }

        return points;
    }
}
