using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Ledger;

/// <summary>
/// The money of one job. The grain first persists its decision (Settled or Refunded), then performs the ledger
/// steps with deterministic operation ids, so a retry after a crash repeats the same steps and each account applies
/// them once. That is what makes hold, settle and refund exactly-once across retries, failovers and silo restarts.
/// </summary>
public sealed class EscrowGrain(
    [PersistentState("escrow", AitbcConstants.GrainStorage)] IPersistentState<EscrowGrainState> state,
    IOptions<EscrowOptions> options) : Grain, IEscrowGrain
{
    private EscrowGrainState S => state.State;
    private string Id => this.GetPrimaryKeyString();

    public async Task<EscrowView> Hold(string payerAccountId, decimal amount)
    {
        if (S.Status != EscrowStatus.None)
        {
            return View(null);
        }

        var result = await Account(payerAccountId).Apply(
            new LedgerOperation($"escrow:{Id}:hold", LedgerOperationKind.Hold, amount, "escrow hold", Id));
        if (!result.Applied)
        {
            return View(result.Error);
        }

        S.Status = EscrowStatus.Held;
        S.Payer = payerAccountId;
        S.Amount = amount;
        await state.WriteStateAsync();
        return View(null);
    }

    public async Task<EscrowView> Settle(string payeeAccountId, decimal amount)
    {
        if (S.Status == EscrowStatus.Held)
        {
            var charged = Math.Min(amount, S.Amount);
            S.Status = EscrowStatus.Settled;
            S.Payee = payeeAccountId;
            S.Charged = charged;
            S.Fee = decimal.Round(charged * options.Value.PlatformFeeRate, 6, MidpointRounding.ToZero);
            S.PaidToPayee = charged - S.Fee;
            await state.WriteStateAsync();
        }

        if (S.Status == EscrowStatus.Settled)
        {
            await CompleteSettlement();
        }

        return View(S.Status == EscrowStatus.Settled ? null : $"escrow is {S.Status}");
    }

    public async Task<EscrowView> Refund()
    {
        if (S.Status == EscrowStatus.Held)
        {
            S.Status = EscrowStatus.Refunded;
            await state.WriteStateAsync();
        }

        if (S.Status == EscrowStatus.Refunded)
        {
            await Account(S.Payer!).Apply(new LedgerOperation($"escrow:{Id}:refund", LedgerOperationKind.Refund, S.Amount, "escrow refund", Id));
        }

        return View(S.Status == EscrowStatus.Refunded ? null : $"escrow is {S.Status}");
    }

    public Task<EscrowView> Get() => Task.FromResult(View(null));

    private async Task CompleteSettlement()
    {
        var payer = Account(S.Payer!);
        await payer.Apply(new LedgerOperation($"escrow:{Id}:capture", LedgerOperationKind.Capture, S.Charged, "escrow capture", Id));
        var unused = S.Amount - S.Charged;
        if (unused > 0)
        {
            await payer.Apply(new LedgerOperation($"escrow:{Id}:refund-unused", LedgerOperationKind.Refund, unused, "unused escrow returned", Id));
        }

        await Account(S.Payee!).Apply(new LedgerOperation($"escrow:{Id}:pay", LedgerOperationKind.Credit, S.PaidToPayee, "job earnings", Id));
        if (S.Fee > 0)
        {
            await Account(LedgerAccounts.Platform).Apply(new LedgerOperation($"escrow:{Id}:fee", LedgerOperationKind.Credit, S.Fee, "platform fee", Id));
        }
    }

    private IAccountGrain Account(string id) => GrainFactory.GetGrain<IAccountGrain>(id);

    private EscrowView View(string? error) => new(Id, S.Status, S.Payer, S.Amount, S.Payee, S.PaidToPayee, S.Fee, error);
}
