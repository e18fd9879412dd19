using Aitbc.Orleans.Benchmarks.Harness.OpenLoop;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>What 'jobs-fleet' measured for one fleet size: the sustained job rate, the fixed-rate runs, the rigs, the start-up time and the idle CPU share of one core.</summary>
internal sealed record FleetSizeMeasurement(double Rate, RunSpread Fixed, int Rigs, TimeSpan Startup, double IdleCpuShare);
