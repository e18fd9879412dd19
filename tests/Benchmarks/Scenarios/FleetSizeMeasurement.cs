using Aitbc.Orleans.Benchmarks.Harness.OpenLoop;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// What 'jobs-fleet' measured for one fleet size: the sustained job rate (the median of the searches, each given), the
/// fastest trial that kept its schedule whatever its p99, how many failed trials were tried once more, the fixed-rate
/// runs, the rigs, the start-up time, the idle CPU share of one core of the silo's process and of the miner daemon's,
/// the daemon's CPU per job in the fixed-rate runs, and what the daemon's rigs went through from registration to the
/// end (registrations beyond the first, sessions the cluster lost, failed calls: all should be 0).
/// </summary>
internal sealed record FleetSizeMeasurement(
    double Rate,
    IReadOnlyList<double> Searches,
    double KeptUp,
    int Retries,
    RunSpread Fixed,
    int Rigs,
    TimeSpan Startup,
    double IdleCpuShare,
    double MinerIdleCpuShare,
    double MinerCpuMicrosPerJob,
    int ReRegistrations,
    int LostSessions,
    int FailedCalls);
