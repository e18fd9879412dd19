namespace Aitbc.Orleans.Jobs;

/// <summary>submitted → priced → routed → dispatched → running → completed | failed | cancelled.</summary>
[GenerateSerializer, Alias("aitbc.JobStatus")]
public enum JobStatus
{
    Submitted = 0,
    Priced = 1,
    Routed = 2,
    Dispatched = 3,
    Running = 4,
    Completed = 5,
    Failed = 6,
    Cancelled = 7,
}
