namespace Aitbc.Orleans.Gateway.Dashboards;

/// <summary>Settings of the owner and operator views ("Aitbc:Dashboards").</summary>
public sealed class DashboardOptions
{
    public const string Section = "Aitbc:Dashboards";

    /// <summary>
    /// USD per platform credit, to compare what submitters pay with cloud prices. 1 by default: a placeholder, not a
    /// market rate; the pages and BENCHMARKS say so.
    /// </summary>
    public double UsdPerCredit { get; set; } = 1.0;

    /// <summary>The most GPUs the fleet map lists.</summary>
    public int MaxMapGpus { get; set; } = 2_000;

    /// <summary>The most GPUs whose snapshots and recent jobs the operator view's metrics read per refresh.</summary>
    public int MetricsSample { get; set; } = 200;
}
