namespace Aitbc.Orleans.Jobs;

[GenerateSerializer, Alias("aitbc.JobRejection")]
public enum JobRejection
{
    Invalid = 0,
    UnknownModel = 1,
    QuoteRejected = 2,
    InsufficientFunds = 3,

    /// <summary>A private job for a model that cannot be compiled into an encrypted-evaluation plan, or whose ciphertext or keys do not fit its plan.</summary>
    PrivateNotSupported = 4,

    /// <summary>The job names a booking that is not the tenant's, or not holding its GPU now.</summary>
    BookingNotUsable = 5,
}
