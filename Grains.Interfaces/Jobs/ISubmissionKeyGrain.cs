namespace Aitbc.Orleans.Jobs;

/// <summary>Maps a tenant's idempotency key to the one job it created. Key: "{tenant}/{idempotencyKey}".</summary>
[Alias("aitbc.ISubmissionKeyGrain")]
public interface ISubmissionKeyGrain : IGrainWithStringKey
{
    /// <summary>Claims the key for candidateJobId, or returns the job that claimed it first.</summary>
    [Alias("Claim")]
    Task<string> Claim(string candidateJobId);
}
