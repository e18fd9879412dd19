namespace Aitbc.Orleans.Pricing;

[GenerateSerializer, Alias("aitbc.QuoteState")]
public sealed class QuoteState
{
    [Id(0)] public Quote? Quote { get; set; }
    [Id(1)] public string? RedeemedByJob { get; set; }
}
