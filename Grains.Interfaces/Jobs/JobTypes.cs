namespace Aitbc.Orleans.Jobs;

/// <summary>Which job types run on this cluster, with the refusal for the one that does not yet.</summary>
public static class JobTypes
{
    public const string TrainingRefusal =
        "training jobs are not supported: the cluster runs inference only (plaintext or private) until real training exists";

    /// <summary>Whether jobs of this type are accepted (for quotes and submissions alike).</summary>
    public static bool Runs(JobType type) => type != JobType.Training;
}
