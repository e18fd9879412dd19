using Aitbc.Orleans.Benchmarks.Harness.OpenLoop;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// What 'jobs-fleet' measured for one fleet size: the sustained job rate (and how many failed trials were tried once
/// more), the fixed-rate runs, the rigs, the start-up time, the idle CPU share of one core of the silo's process and of
/// the miner daemon's, the daemon's CPU per job in the fixed-rate runs, and what the daemon's rigs went through from
/// registration to the end (registrations beyond the first, sessions the cluster lost, failed calls: all should be 0).
/// </summary>
internal sealed record FleetSizeMeasurement(
    double Rate,
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
