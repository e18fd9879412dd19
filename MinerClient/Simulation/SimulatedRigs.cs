using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Identity;
using Aitbc.Orleans.Miner.Inference;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Simulation;

/// <summary>
/// Builds a simulated fleet's rigs, each its own miner: the first is this process's identity (enrolled like any rig's),
/// every other has its own key in StateDirectory/rigs/rig-{n}/ (created once, reused after a restart), its own
/// enrolment and, where the process signs in to the cluster, its own session.
/// </summary>
public sealed class SimulatedRigs(
    MinerOptions options,
    MinerIdentity processIdentity,
    IRigEnrollment enrollment,
    ILogger<SimulatedRigs> logger,
    RigSessions? sessions = null)
{
    /// <summary>Enrolments in flight at once while a large fleet starts.</summary>
    private const int EnrollmentParallelism = 16;

    public async Task<IReadOnlyList<MinerRig>> CreateAsync(string processMinerId, InferenceEngine? cpuEngine, IEnrollmentRenewal? processRenewal, CancellationToken cancellationToken)
    {
        var random = new Random(options.SimulationSeed);
        var sizes = SimulatedFleet.RigSizes(options.Simulate, random);
        // Devices are drawn in rig order from one seeded generator, so the fleet does not depend on enrolment timing.
        var plans = new (string? MinerId, MinerIdentity Key, MinerOptions Settings)[sizes.Count];
        plans[0] = (processMinerId, processIdentity, options);
        await Parallel.ForAsync(1, sizes.Count, new ParallelOptions { MaxDegreeOfParallelism = EnrollmentParallelism, CancellationToken = cancellationToken },
            async (n, ct) =>
            {
                var settings = RigSettings(n);
                var key = MinerIdentity.LoadOrCreate(settings.KeyPath);
                if (!await enrollment.EnsureAsync(settings, key, again: false, ct))
                {
                    throw new InvalidOperationException($"simulated rig {n} ({MinerAgent.DefaultMinerId(key)}) could not be enrolled");
                }

                plans[n] = (null, key, settings);
            });

        var rigs = new MinerRig[sizes.Count];
        for (var n = 0; n < sizes.Count; n++)
        {
            var (minerId, key, settings) = plans[n];
            minerId ??= MinerAgent.DefaultMinerId(key);
            var devices = SimulatedFleet.RigDevices(minerId, sizes[n], random, options, cpuEngine);
            if (n == 0)
            {
                rigs[n] = new MinerRig(new RigIdentity(minerId, key), devices, processRenewal is null ? null : processRenewal.RenewAsync);
            }
            else
            {
                rigs[n] = new MinerRig(new RigIdentity(minerId, key, sessions?.Create(minerId, key)), devices,
                    ct => enrollment.EnsureAsync(settings, key, again: true, ct));
            }
        }

        logger.LogInformation("Simulating {Gpus} GPU(s) on {Rigs} rig(s) of 1 to {Max} GPUs, each its own miner", options.Simulate, rigs.Length, SimulatedFleet.MaxGpusPerRig);
        return rigs;
    }

    /// <summary>Rig n's settings: the process's, with its own state directory (key, enrolment, certificate).</summary>
    private MinerOptions RigSettings(int n) => new()
    {
        Coordinator = options.Coordinator,
        SiloGateways = options.SiloGateways,
        GatewayUrl = options.GatewayUrl,
        StateDirectory = Path.Combine(options.StateDirectory, "rigs", $"rig-{n}"),
        Location = options.Location,
        PriceFloor = options.PriceFloor,
        Concurrency = options.Concurrency,
    };
}
