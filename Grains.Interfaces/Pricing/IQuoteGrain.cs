namespace Aitbc.Orleans.Pricing;

/// <summary>One issued quote. It can be redeemed by exactly one job of its tenant before it expires.</summary>
[Alias("aitbc.IQuoteGrain")]
public interface IQuoteGrain : IGrainWithStringKey
{
    [Alias("Store")]
    Task Store(Quote quote);

    [Alias("Get")]
    Task<Quote?> Get();

    [Alias("Redeem")]
    Task<QuoteRedemption> Redeem(string tenantAccountId, string modelId, string jobId);
}
