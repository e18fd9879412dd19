using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Access;

/// <summary>The enrolment of one miner. Key: the miner id.</summary>
[Alias("aitbc.IMinerEnrollmentGrain")]
public interface IMinerEnrollmentGrain : IGrainWithStringKey
{
    /// <summary>Stores the enrolment when there is none and returns it; otherwise returns the existing one unchanged.</summary>
    [Alias("Enroll")]
    Task<MinerEnrollment> Enroll(MinerEnrollment enrollment);

    [Alias("Get")]
    Task<MinerEnrollment?> Get();

    /// <summary>Points the enrolment at a new credential and returns the previous credential's key id (to revoke).</summary>
    [Alias("ReplaceCredential")]
    Task<string?> ReplaceCredential(string keyId);

    /// <summary>
    /// Operators only: ends the enrolment (the miner can no longer sign in or register) and returns it, or null when
    /// there was none. The same key may be enrolled again afterwards.
    /// </summary>
    [Alias("Withdraw")]
    Task<MinerEnrollment?> Withdraw();

    /// <summary>Operators only: the pool the miner's GPUs join and whether they count as attested; null when not enrolled.</summary>
    [Alias("SetAdmission")]
    Task<MinerEnrollment?> SetAdmission(PoolKind pool, bool attested);
}
