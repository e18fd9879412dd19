using Aitbc.Orleans.Hosting;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Ledger;

/// <summary>
/// The money of one booking (jobs keep their own escrow in their state). The grain first persists its decision
/// (Settled or Refunded), then performs the one ledger step on the payer, which is idempotent by the escrow reference:
/// a retry after a crash repeats it and the account applies it once. The payee and the platform are paid from the
/// payer's outbox in batched transfers.
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

        var result = await EscrowSteps.Hold(Account(payerAccountId), Id, amount);
        if (!result.Applied)
        {
            return View(result.Error);
        }

        // Not answered from memory if storage did not take it: a retry holds again (idempotent by the escrow id on the
        // account) and records it, so a later refund finds what it has to give back.
        S.Status = EscrowStatus.Held;
        S.Payer = payerAccountId;
        S.Amount = amount;
        await state.WriteOrDeactivate(this);
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
            S.Fee = EscrowSteps.FeeOf(charged, options.Value.PlatformFeeRate);
            S.PaidToPayee = charged - S.Fee;
            await state.WriteOrDeactivate(this);
        }

        if (S.Status == EscrowStatus.Settled)
        {
            await EscrowSteps.Settle(Account(S.Payer!), Id, S.Charged, S.Payee!, S.Fee);
        }

        return View(S.Status == EscrowStatus.Settled ? null : $"escrow is {S.Status}");
    }

    public async Task<EscrowView> Refund()
    {
        if (S.Status == EscrowStatus.Held)
        {
            S.Status = EscrowStatus.Refunded;
            await state.WriteOrDeactivate(this);
        }

        if (S.Status == EscrowStatus.Refunded)
        {
            await EscrowSteps.Refund(Account(S.Payer!), Id, S.Amount);
        }

        return View(S.Status == EscrowStatus.Refunded ? null : $"escrow is {S.Status}");
    }

    public Task<EscrowView> Get() => Task.FromResult(View(null));

    private IAccountGrain Account(string id) => GrainFactory.Grain<IAccountGrain>(id);

    private EscrowView View(string? error) => new(Id, S.Status, S.Payer, S.Amount, S.Payee, S.PaidToPayee, S.Fee, error);
}
