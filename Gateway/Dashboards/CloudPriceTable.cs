using Aitbc.Orleans.Gateway.Contracts;

namespace Aitbc.Orleans.Gateway.Dashboards;

/// <summary>
/// The dated public on-demand cloud price the metrics compare against (docs/CLOUD-PRICES.md lists it with its source).
/// A dated list price, not a live quote.
/// </summary>
public static class CloudPriceTable
{
    /// <summary>AWS g5.xlarge (one NVIDIA A10G), Linux on-demand, us-east-1, as published for June 2026.</summary>
    public static CloudPriceResponse Reference { get; } = new(
        "AWS", "g5.xlarge", "NVIDIA A10G", "us-east-1", 1.006m, new DateOnly(2026, 6, 17),
        "https://www.factualminds.com/blog/amazon-ec2-on-demand-pricing-instance-families-2026/");

    /// <summary>The utilisations the plan compares at.</summary>
    public static IReadOnlyList<double> Utilisations { get; } = [30, 50, 70];
}
