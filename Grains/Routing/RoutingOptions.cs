namespace Aitbc.Orleans.Routing;

/// <summary>Bound from "Aitbc:Routing".</summary>
public sealed class RoutingOptions
{
    /// <summary>How many regions (nearest first) one decision asks in parallel.</summary>
    public int MaxRegions { get; set; } = 8;

    /// <summary>Regions asked in parallel per step, nearest first.</summary>
    public int RegionBatch { get; set; } = 3;

    /// <summary>How many candidates each region returns.</summary>
    public int CandidatesPerRegion { get; set; } = 16;

    /// <summary>Scores within this distance of the best are a tie, broken at random so one hot GPU is not always picked.</summary>
    public double TieBand { get; set; } = 0.02;

    /// <summary>How long a router keeps the region directory before asking again.</summary>
    public TimeSpan DirectoryCacheTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Scoring weights: latency relative to the nearest candidate, price, QoS, thermal headroom.</summary>
    public double WeightLatency { get; set; } = 0.5;
    public double WeightPrice { get; set; } = 0.15;
    public double WeightQos { get; set; } = 0.25;
    public double WeightThermal { get; set; } = 0.1;
}
