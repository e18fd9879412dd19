namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// The plan's four metrics over a set of GPUs and their recent jobs (docs/BENCHMARKS.md gives the method): cost per
/// 1,000 inferences against a dated cloud price at 30/50/70 % utilisation, uptime (GPU-hours online ÷ GPU-hours
/// observed), energy per inference (reported power × execution time) and the median execution time against the cloud
/// pool's. Job times are the miners' reported execution times (model loading left out), not what a client waits.
/// Null where nothing was measured yet. Energy is split by where the power came from: EnergyPerInferenceJoules from
/// real rigs' readings (NVML, rocm-smi, ...: a rig's claim, not a meter), ModelledEnergyPerInferenceJoules from
/// simulated GPUs, whose power is a model of the profile's TDP and a simulated utilisation, not a GPU's figure.
/// CloudBaselineSimulated: the cloud pool's jobs ran on a simulated cloud GPU (this machine's CPU), not a cloud GPU.
/// </summary>
public sealed record FleetMetricsResponse(
    int Gpus,
    int GpusOnline,
    int JobsMeasured,
    decimal? FleetCostPer1kUsd,
    double? ServiceTimeMs,
    CloudPriceResponse CloudReference,
    IReadOnlyList<CloudCostComparison> CloudCosts,
    double ObservedGpuHours,
    double OnlineGpuHours,
    double? UptimePercent,
    double? EnergyPerInferenceJoules,
    double? MedianLatencyMs,
    double? CloudMedianLatencyMs,
    int CloudJobsMeasured,
    double UsdPerCredit,
    int EnergyJobsMeasured = 0,
    double? ModelledEnergyPerInferenceJoules = null,
    int ModelledEnergyJobs = 0,
    bool CloudBaselineSimulated = false);
