namespace Aitbc.Orleans.Verification;

[GenerateSerializer, Alias("aitbc.VerificationOutcome")]
public enum VerificationOutcome
{
    /// <summary>A second GPU of another miner agreed with the first result.</summary>
    Confirmed = 0,

    /// <summary>The check disagreed with the first result and a third run sided with the check: the first GPU was wrong.</summary>
    PrimaryWrong = 1,

    /// <summary>The third run sided with the first result: the checking GPU was wrong.</summary>
    VerifierWrong = 2,

    /// <summary>All three runs disagreed: nobody is slashed, the first result is delivered.</summary>
    Inconclusive = 3,

    /// <summary>No other miner could run the check (none free, or it failed): the first result is delivered unverified.</summary>
    Unverified = 4,
}
