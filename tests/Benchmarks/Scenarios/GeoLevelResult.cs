using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>Estimated RTTs (ms) at one fleet utilisation: the router's choice and the three baselines, per request.</summary>
public sealed record GeoLevelResult(
    double Utilisation,
    LatencyClass LatencyClass,
    int FreeGpus,
    double[] Router,
    double[] Cloud,
    double[] Random,
    double[] Oracle,
    int Unrouted,
    int ChoseBusyGpu,
    double DecisionP50Ms);
