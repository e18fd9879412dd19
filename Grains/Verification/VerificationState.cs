using Aitbc.Orleans.Blobs;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Verification;

/// <summary>A check as stored: what to run, the check jobs' ids (drawn once, so a restart re-attaches to them), the runs and the verdict.</summary>
[GenerateSerializer, Alias("aitbc.VerificationState")]
public sealed class VerificationState
{
    [Id(0)] public string? ModelId { get; set; }
    [Id(1)] public JobType JobType { get; set; }
    [Id(2)] public LatencyClass LatencyClass { get; set; }
    [Id(3)] public GeoPoint Client { get; set; }
    [Id(4)] public decimal PricePerRun { get; set; }
    [Id(5)] public List<StoredTensor> Inputs { get; set; } = [];

    /// <summary>The second and (on a mismatch) third run, as jobs of the platform's account.</summary>
    [Id(6)] public List<string> CheckJobIds { get; set; } = [];

    /// <summary>The first run, then the checks in order (at most three).</summary>
    [Id(7)] public List<StoredRun> Runs { get; set; } = [];
    [Id(8)] public VerificationOutcome? Outcome { get; set; }
    [Id(9)] public string? Summary { get; set; }

    /// <summary>Index in <see cref="Runs"/> of the run whose outputs the submitter gets.</summary>
    [Id(10)] public int CorrectRun { get; set; } = -1;

    /// <summary>Slashes and integrity records applied (each is idempotent; this only saves repeating them).</summary>
    [Id(11)] public bool ConsequencesApplied { get; set; }
    [Id(12)] public bool Delivered { get; set; }
    [Id(13)] public DateTimeOffset StartedAt { get; set; }

    /// <summary>The model variant the checked run used: the checks run the same one, so they compare like with like.</summary>
    [Id(14)] public Fleet.Profiles.Precision? Precision { get; set; }
}
