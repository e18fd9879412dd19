namespace Aitbc.Orleans.Fleet;

/// <summary>QoS components in [0,1] over the rolling 24 h window; Score weights them 0.3/0.25/0.2/0.15/0.1.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.QosBreakdown")]
public sealed record QosBreakdown(
    [property: Id(0)] double Latency,
    [property: Id(1)] double Accuracy,
    [property: Id(2)] double Uptime,
    [property: Id(3)] double PowerEfficiency,
    [property: Id(4)] double CostEfficiency,
    [property: Id(5)] double Score,
    [property: Id(6)] string Tier,
    [property: Id(7)] int JobsInWindow);
