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

    /// <summary>The model's license does not permit the job's use.</summary>
    LicenseRefused = 6,

    /// <summary>The job type does not run on this cluster (training, until real training exists).</summary>
    UnsupportedJobType = 7,

    /// <summary>The pinned precision has no deployable variant.</summary>
    PrecisionUnavailable = 8,
}
