namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>submitted → priced → routed → dispatched → running → completed | failed | cancelled.</summary>
public enum JobStatus
{
    Submitted,
    Priced,
    Routed,
    Dispatched,
    Running,
    Completed,
    Failed,
    Cancelled,
}
