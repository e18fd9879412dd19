using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Ledger;

/// <summary>
/// Applies a slash to a miner's stake as a ledger entry carrying its evidence, escalating repeat offences, and takes the
/// miner's GPUs out of routing that its remaining stake no longer covers. The incident id makes each incident slash once.
/// Each new slash is also put on the operators' slash log (<see cref="ISlashLogGrain"/>).
/// </summary>
public sealed class SlashingService(
    IGrainFactory grains,
    IOptions<SlashingOptions> slashingOptions,
    DomainTime time,
    ILogger<SlashingService> logger)
{
    public async Task<LedgerResult> Slash(string minerId, SlashReason reason, string incidentId, string evidence)
    {
        var account = grains.Grain<IAccountGrain>(LedgerAccounts.ForMiner(minerId));
        var prior = await account.CountSlashes(reason);
        var amount = slashingOptions.Value.AmountFor(reason, prior);
        var result = await account.Apply(new LedgerOperation(
            $"slash:{reason}:{incidentId}", LedgerOperationKind.Slash, amount, $"slash: {reason}", incidentId, reason, evidence));

        // On every applied answer, a repeat included: a retry after a failed log write still logs it (once per incident).
        if (result.Applied)
        {
            await grains.Grain<ISlashLogGrain>(0).Record(new SlashRecord(minerId, reason, result.AppliedAmount, time.GetUtcNow(), incidentId, evidence));
        }

        if (result.Applied && !result.Duplicate)
        {
            logger.LogWarning("Slashed miner {Miner} {Amount} for {Reason}: {Evidence}", minerId, result.AppliedAmount, reason, evidence);
        }

        // Stake is per GPU: any slash can uncover a GPU, so the miner re-counts what its stake still covers.
        if (result.Applied && !result.Duplicate && result.AppliedAmount > 0)
        {
            await grains.Grain<IMinerGrain>(minerId).RefreshStake();
        }

        return result;
    }
}
