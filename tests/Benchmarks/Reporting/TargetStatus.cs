namespace Aitbc.Orleans.Benchmarks.Reporting;

/// <summary>Whether a figure meets the target the plan set for it.</summary>
public enum TargetStatus
{
    /// <summary>No target for this figure (informational).</summary>
    None = 0,
    Met = 1,
    Missed = 2,
    /// <summary>The scenario cannot run yet (a stub), so there is no figure to judge.</summary>
    NotAvailable = 3,
}
