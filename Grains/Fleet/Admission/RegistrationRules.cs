using System.Globalization;
using Aitbc.Orleans.Access;

namespace Aitbc.Orleans.Fleet.Admission;

/// <summary>
/// What a rig may claim when it registers. Everything a rig reports is a claim: each field is bounded, GPU ids are
/// namespaced by the miner id (so no miner can name, and take over, another's GPU), the pool and attestation are the
/// operators' (from the enrolment), and simulated GPUs are refused where the cluster does not allow them.
/// </summary>
public static class RegistrationRules
{
    /// <summary>Every rule the registration breaks, in words; empty when it is acceptable.</summary>
    public static IReadOnlyList<string> Problems(MinerRegistration registration, MinerEnrollment enrollment, FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(enrollment);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var prefix = registration.MinerId + ":";
        if (registration.Gpus.Count == 0)
        {
            problems.Add("a registration needs at least one GPU");
        }

        if (registration.Gpus.Count > options.MaxGpusPerMiner)
        {
            problems.Add($"{registration.Gpus.Count} GPUs is more than the {options.MaxGpusPerMiner} a miner may register");
        }

        if (registration.Version.Length > 64)
        {
            problems.Add("version is longer than 64 characters");
        }

        if (registration.Simulated && !options.AllowSimulatedGpus)
        {
            problems.Add("simulated miners are not accepted by this cluster");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gpu in registration.Gpus.Take(options.MaxGpusPerMiner + 1))
        {
            var at = $"GPU '{Truncate(gpu.GpuId)}'";
            if (!gpu.GpuId.StartsWith(prefix, StringComparison.Ordinal) || gpu.GpuId.Length == prefix.Length || gpu.GpuId.Length > 128)
            {
                problems.Add($"{at}: GPU ids are '{prefix}<device>' (at most 128 characters)");
            }

            if (!seen.Add(gpu.GpuId))
            {
                problems.Add($"{at} is listed twice");
            }

            if (gpu.MinerId.Length > 0 && gpu.MinerId != registration.MinerId)
            {
                problems.Add($"{at} names another miner");
            }

            if (string.IsNullOrWhiteSpace(gpu.ReportedName) || gpu.ReportedName.Length > options.MaxGpuNameLength || gpu.ReportedName.Any(char.IsControl))
            {
                problems.Add($"{at}: the name must be 1 to {options.MaxGpuNameLength} printable characters");
            }

            if (gpu.MemoryMb < options.MinMemoryMb || gpu.MemoryMb > options.MaxMemoryMb)
            {
                problems.Add($"{at}: memory {gpu.MemoryMb} MB is outside {options.MinMemoryMb} to {options.MaxMemoryMb} MB");
            }

            if (string.IsNullOrWhiteSpace(gpu.ExecutionProvider) || gpu.ExecutionProvider.Length > 64)
            {
                problems.Add($"{at}: the execution provider must be 1 to 64 characters");
            }

            if (!gpu.Location.IsValid)
            {
                problems.Add($"{at}: location {gpu.Location} is not on the globe");
            }
            else if (options.RefuseNullIsland && gpu.Location.Latitude == 0 && gpu.Location.Longitude == 0)
            {
                problems.Add($"{at}: location (0, 0) is where rigs without a configured location claim to be; set the rig's location");
            }

            if (gpu.Concurrency < 1 || gpu.Concurrency > options.MaxConcurrency)
            {
                problems.Add($"{at}: concurrency {gpu.Concurrency} is outside 1 to {options.MaxConcurrency}");
            }

            if (gpu.PriceFloor < 0 || gpu.PriceFloor > options.MaxPriceFloor)
            {
                problems.Add($"{at}: price floor {gpu.PriceFloor.ToString(CultureInfo.InvariantCulture)} is outside 0 to {options.MaxPriceFloor}");
            }

            if (gpu.PowerBudgetWatts is { } watts && (!double.IsFinite(watts) || watts <= 0 || watts > options.MaxPowerBudgetWatts))
            {
                problems.Add($"{at}: power budget {watts} W is outside 0 to {options.MaxPowerBudgetWatts} W");
            }

            if (gpu.Schedule is { } schedule && (schedule.Windows.Count > options.MaxAvailabilityWindows
                || schedule.TimeZoneId.Length > 64 || AvailabilitySchedule.TryFindZone(schedule.TimeZoneId) is null))
            {
                problems.Add($"{at}: the schedule needs a known time zone and at most {options.MaxAvailabilityWindows} windows");
            }

            if (gpu.Simulated && !options.AllowSimulatedGpus)
            {
                problems.Add($"{at} is simulated; this cluster accepts only real devices");
            }

            if ((gpu.Pool != PoolKind.Edge && gpu.Pool != enrollment.Pool) || (gpu.Attested && !enrollment.Attested))
            {
                problems.Add($"{at} claims pool {gpu.Pool}{(gpu.Attested ? ", attested" : "")}; operators admitted this miner as {enrollment.Pool}{(enrollment.Attested ? ", attested" : ", not attested")}");
            }
        }

        return problems;
    }

    /// <summary>
    /// The registration as the cluster records it: the owner, pool and attestation from the enrolment, and one shared
    /// copy of the miner id, device names and execution providers (every GPU row refers to them).
    /// </summary>
    public static MinerRegistration Normalize(MinerRegistration registration, MinerEnrollment enrollment) => registration with
    {
        OwnerAccountId = enrollment.OwnerAccountId,
        Gpus = registration.Gpus
            .Select(g => g with
            {
                MinerId = registration.MinerId, Pool = enrollment.Pool, Attested = enrollment.Attested, Simulated = g.Simulated || registration.Simulated,
                ReportedName = FleetStrings.Shared(g.ReportedName), ExecutionProvider = FleetStrings.Shared(g.ExecutionProvider),
            })
            .ToArray(),
    };

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
