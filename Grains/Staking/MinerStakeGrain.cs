using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Staking;

/// <summary>
/// One miner's stake movements. Each is persisted as decided before any money moves, then applied as ledger
/// operations whose ids derive from the request id ("stake:{miner}:{request}:hold", ...), so a retry, a crash or a
/// repeated request moves money exactly once. A stake: the owner's account holds and captures the amount, the miner's
/// account is credited and stakes it. An unstake cools down (no longer routable, still slashable), then the miner's
/// account unstakes what is left of it, holds and captures it, and the owner's account is credited. A reminder
/// finishes interrupted movements and releases due unstakes.
/// </summary>
public sealed class MinerStakeGrain(
    [PersistentState("stake", AitbcConstants.GrainStorage)] IPersistentState<StakeState> state,
    IOptions<StakingOptions> stakingOptions,
    IOptions<FleetOptions> fleetOptions,
    DomainTime time,
    ILogger<MinerStakeGrain> logger) : Grain, IMinerStakeGrain, IRemindable
{
    private const string Upkeep = "stake-upkeep";
    private readonly StakingOptions _options = stakingOptions.Value;

    private string MinerId => this.GetPrimaryKeyString();

    private List<StakeMovement> Movements => state.State.Movements;

    private IAccountGrain MinerAccount => GrainFactory.Grain<IAccountGrain>(LedgerAccounts.ForMiner(MinerId));

    public async Task<StakeResult> Stake(string ownerAccountId, decimal amount, string requestId)
    {
        if (await Check(ownerAccountId, amount, requestId) is { } answer)
        {
            return answer;
        }

        var movement = new StakeMovement(requestId, StakeMovementKind.Stake, ownerAccountId, amount, amount, StakeMovementStatus.InProgress, time.GetUtcNow());
        await Save(movement);
        movement = await Advance(movement);
        await GrainFactory.Grain<IMinerGrain>(MinerId).RefreshStake();
        return await Result(movement);
    }

    public async Task<StakeResult> RequestUnstake(string ownerAccountId, decimal amount, string requestId)
    {
        if (await Check(ownerAccountId, amount, requestId) is { } answer)
        {
            return answer;
        }

        var now = time.GetUtcNow();
        var routable = await GetRoutableStake();
        var movement = amount > routable
            ? new StakeMovement(requestId, StakeMovementKind.Unstake, ownerAccountId, amount, 0, StakeMovementStatus.Refused, now,
                Error: $"only {routable} is staked and not already cooling down")
            : new StakeMovement(requestId, StakeMovementKind.Unstake, ownerAccountId, amount, amount, StakeMovementStatus.CoolingDown, now,
                ReleaseAt: now + _options.UnstakeCooldown);
        await Save(movement);
        if (movement.Status == StakeMovementStatus.CoolingDown)
        {
            await KeepUpkeep();
            await GrainFactory.Grain<IMinerGrain>(MinerId).RefreshStake();
        }

        return await Result(movement);
    }

    public async Task<StakeView> Get() => await View();

    public async Task<decimal> GetRoutableStake()
    {
        var account = await MinerAccount.GetSnapshot();
        return Math.Max(0, account.Stake - CoolingDown());
    }

    public async Task<StakeView> ReleaseDue()
    {
        var changed = false;
        foreach (var movement in Movements.Where(m => m.Status == StakeMovementStatus.InProgress || IsDue(m)).ToArray())
        {
            await Advance(movement);
            changed = true;
        }

        if (changed)
        {
            await GrainFactory.Grain<IMinerGrain>(MinerId).RefreshStake();
        }

        await KeepUpkeep();
        return await View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await ReleaseDue();

    /// <summary>The answer to a repeated request, or to one that must be refused before anything is decided; null to go on.</summary>
    private async Task<StakeResult?> Check(string ownerAccountId, decimal amount, string requestId)
    {
        if (string.IsNullOrWhiteSpace(requestId) || requestId.Length > _options.MaxRequestIdLength)
        {
            return await Refusal($"a request id of 1 to {_options.MaxRequestIdLength} characters is required");
        }

        if (Movements.FirstOrDefault(m => m.RequestId == requestId) is { } earlier)
        {
            return await Result(earlier);
        }

        if (amount <= 0 || decimal.Round(amount, 8) != amount)
        {
            return await Refusal("the amount must be positive, with at most 8 decimals");
        }

        var enrollment = await GrainFactory.Grain<IMinerEnrollmentGrain>(MinerId).Get();
        if (enrollment is null)
        {
            return await Refusal($"miner {MinerId} is not enrolled");
        }

        return enrollment.OwnerAccountId == ownerAccountId
            ? null
            : await Refusal($"only the owner who enrolled miner {MinerId} may move its stake");
    }

    /// <summary>Applies the ledger steps a movement still needs; every step is idempotent by its operation id.</summary>
    private async Task<StakeMovement> Advance(StakeMovement movement)
    {
        if (IsDue(movement))
        {
            // Slashes during the cool-down come out of the stake first: return what is left, at most what was asked.
            var stake = (await MinerAccount.GetSnapshot()).Stake;
            movement = movement with { Amount = Math.Min(movement.Requested, stake), Status = StakeMovementStatus.InProgress };
            await Save(movement);
        }

        if (movement.Status != StakeMovementStatus.InProgress)
        {
            return movement;
        }

        var done = movement.Kind == StakeMovementKind.Stake ? await ApplyStake(movement) : await ApplyRelease(movement);
        await Save(done);
        logger.LogInformation("Miner {Miner} {Kind} {Request}: {Status} {Amount}", MinerId, done.Kind, done.RequestId, done.Status, done.Amount);
        return done;
    }

    private async Task<StakeMovement> ApplyStake(StakeMovement m)
    {
        var reference = $"stake:{MinerId}:{m.RequestId}";
        var owner = GrainFactory.Grain<IAccountGrain>(m.OwnerAccountId);
        var hold = await owner.Apply(new LedgerOperation($"{reference}:hold", LedgerOperationKind.Hold, m.Amount, $"stake for miner {MinerId}", reference));
        if (!hold.Applied)
        {
            return m with { Status = StakeMovementStatus.Refused, Amount = 0, Error = hold.Error };
        }

        await Require(owner.Apply(new LedgerOperation($"{reference}:capture", LedgerOperationKind.Capture, m.Amount, $"stake for miner {MinerId}", reference)));
        await Require(MinerAccount.Apply(new LedgerOperation($"{reference}:deposit", LedgerOperationKind.Credit, m.Amount, $"stake deposit from {m.OwnerAccountId}")));
        await Require(MinerAccount.Apply(new LedgerOperation($"{reference}:stake", LedgerOperationKind.Stake, m.Amount, $"stake {m.RequestId}")));
        return m with { Status = StakeMovementStatus.Applied };
    }

    private async Task<StakeMovement> ApplyRelease(StakeMovement m)
    {
        var reference = $"unstake:{MinerId}:{m.RequestId}";
        if (m.Amount > 0)
        {
            await Require(MinerAccount.Apply(new LedgerOperation($"{reference}:unstake", LedgerOperationKind.Unstake, m.Amount, $"unstake {m.RequestId} after cool-down")));
            await Require(MinerAccount.Apply(new LedgerOperation($"{reference}:hold", LedgerOperationKind.Hold, m.Amount, $"unstake returned to {m.OwnerAccountId}", reference)));
            await Require(MinerAccount.Apply(new LedgerOperation($"{reference}:capture", LedgerOperationKind.Capture, m.Amount, $"unstake returned to {m.OwnerAccountId}", reference)));
            await Require(GrainFactory.Grain<IAccountGrain>(m.OwnerAccountId).Apply(
                new LedgerOperation($"{reference}:return", LedgerOperationKind.Credit, m.Amount, $"unstake from miner {MinerId}")));
        }

        return m with { Status = StakeMovementStatus.Released };
    }

    /// <summary>A step after the first must apply; if it cannot, the movement stays in progress and the reminder retries it.</summary>
    private static async Task Require(Task<LedgerResult> step)
    {
        var result = await step;
        if (!result.Applied)
        {
            throw new InvalidOperationException($"ledger step refused: {result.Error}");
        }
    }

    private bool IsDue(StakeMovement m) => m.Status == StakeMovementStatus.CoolingDown && m.ReleaseAt <= time.GetUtcNow();

    private decimal CoolingDown() => Movements
        .Where(m => m.Kind == StakeMovementKind.Unstake && m.Status is StakeMovementStatus.CoolingDown or StakeMovementStatus.InProgress)
        .Sum(m => m.Amount);

    private async Task Save(StakeMovement movement)
    {
        var index = Movements.FindIndex(m => m.RequestId == movement.RequestId);
        if (index >= 0)
        {
            Movements[index] = movement;
        }
        else
        {
            Movements.Add(movement);
        }

        var finished = Movements.Where(m => m.Status is StakeMovementStatus.Applied or StakeMovementStatus.Refused or StakeMovementStatus.Released).ToArray();
        foreach (var old in finished.Take(Math.Max(0, finished.Length - _options.FinishedMovementsKept)))
        {
            Movements.Remove(old);
        }

        // A repeated request is answered from the movements: one storage never took must not answer it.
        await state.WriteOrDeactivate(this);
    }

    /// <summary>The reminder runs while anything is unfinished and stops when nothing is.</summary>
    private async Task KeepUpkeep()
    {
        var pending = Movements.Any(m => m.Status is StakeMovementStatus.InProgress or StakeMovementStatus.CoolingDown);
        if (pending)
        {
            await this.RegisterOrUpdateReminder(Upkeep, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        else if (await this.GetReminder(Upkeep) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task<StakeResult> Result(StakeMovement movement) =>
        new(movement.Status != StakeMovementStatus.Refused, movement.Error, movement, await View());

    private async Task<StakeResult> Refusal(string error) => new(false, error, null, await View());

    private async Task<StakeView> View()
    {
        var account = await MinerAccount.GetSnapshot();
        var enrollment = await GrainFactory.Grain<IMinerEnrollmentGrain>(MinerId).Get();
        var miner = await GrainFactory.Grain<IMinerGrain>(MinerId).GetSnapshot();
        var cooling = CoolingDown();
        var routable = Math.Max(0, account.Stake - cooling);
        var minimum = fleetOptions.Value.MinimumStake;
        var gpus = miner?.GpuIds.Count ?? 0;
        return new StakeView(MinerId, enrollment?.OwnerAccountId, account.Stake, cooling, routable, minimum, gpus,
            StakeCoverage.GpusCovered(routable, minimum, gpus), Movements.ToArray());
    }
}
