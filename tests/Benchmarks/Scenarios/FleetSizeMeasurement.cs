using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Harness.OpenLoop;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// What 'jobs-fleet' measured for one fleet size: the sustained job rate (the median of the searches, each given), the
/// fastest trial that kept its schedule whatever its p99, how many failed trials were tried once more, the fixed-rate
/// runs and the silo process's collections over them (and the runs' length), the rigs, the start-up time, the idle
/// CPU share of one core of the silo's process and of the miner daemon's, the daemon's CPU per job in the fixed-rate
/// runs, and what the daemon's rigs went through from registration to the end (registrations beyond the first,
/// sessions the cluster lost, failed calls: all should be 0).
/// </summary>
internal sealed record FleetSizeMeasurement(
    double Rate,
    IReadOnlyList<double> Searches,
    double KeptUp,
    int Retries,
    RunSpread Fixed,
    GcReading FixedGc,
    TimeSpan FixedLength,
    int Rigs,
    TimeSpan Startup,
    double IdleCpuShare,
    double MinerIdleCpuShare,
    double MinerCpuMicrosPerJob,
    int ReRegistrations,
    int LostSessions,
    int FailedCalls)
{
    /// <summary>Milliseconds of GC pause per second of the fixed-rate runs.</summary>
    public double PausePerSecond => FixedGc.TotalPause.TotalMilliseconds / Math.Max(1e-9, FixedLength.TotalSeconds);
}
