using Aitbc.Orleans.Hosting;
namespace Aitbc.Orleans.Pricing;

/// <summary>An issued quote: redeemable once, by its own tenant, for its own model, before it expires.</summary>
public sealed class QuoteGrain(
    [PersistentState("quote", AitbcConstants.GrainStorage)] IPersistentState<QuoteState> state,
    DomainTime time) : Grain, IQuoteGrain
{
    public async Task Store(Quote quote)
    {
        if (state.State.Quote is null)
        {
            state.State.Quote = quote;
            await state.WriteOrDeactivate(this);
        }
    }

    public Task<Quote?> Get() => Task.FromResult(state.State.Quote);

    public async Task<QuoteRedemption> Redeem(string tenantAccountId, string modelId, string jobId)
    {
        var quote = state.State.Quote;
        if (quote is null || quote.TenantAccountId != tenantAccountId)
        {
            return new QuoteRedemption(false, null, "unknown quote");
        }

        if (state.State.RedeemedByJob == jobId)
        {
            return new QuoteRedemption(true, quote, null);
        }

        if (state.State.RedeemedByJob is not null)
        {
            return new QuoteRedemption(false, quote, "quote already used by another job");
        }

        if (quote.ModelId != modelId)
        {
            return new QuoteRedemption(false, quote, $"quote is for model {quote.ModelId}");
        }

        if (time.GetUtcNow() >= quote.ExpiresAt)
        {
            return new QuoteRedemption(false, quote, $"quote expired at {quote.ExpiresAt:O}");
        }

        // A redemption storage never took must not be answered from memory: the job's retry would be accepted on it
        // and, after a restart, another job could redeem the same quote.
        state.State.RedeemedByJob = jobId;
        await state.WriteOrDeactivate(this);
        return new QuoteRedemption(true, quote, null);
    }
}
