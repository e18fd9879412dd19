namespace Aitbc.Orleans.Jobs;

[GenerateSerializer, Alias("aitbc.JobRejection")]
public enum JobRejection
{
    Invalid = 0,
    UnknownModel = 1,
    QuoteRejected = 2,
    InsufficientFunds = 3,
}
