using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Admission;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Trust;

/// <summary>Every field a rig reports is a claim, and each one is bounded (the rules MinerGrain.Register applies).</summary>
public sealed class RegistrationRulesTests
{
    private const string Miner = "miner-rules";
    private static readonly MinerEnrollment Edge = new(Miner, "owner", "key", null, DateTimeOffset.UnixEpoch, "");
    private static readonly GpuRegistration Good = TestMiner.Gpu($"{Miner}:g0", 52.52, 13.40) with { MinerId = Miner, Simulated = false };

    public static TheoryData<string, GpuRegistration, string> BadGpus => new()
    {
        { "not namespaced", Good with { GpuId = "gpu-0" }, "GPU ids are 'miner-rules:<device>'" },
        { "another miner's", Good with { GpuId = "miner-other:g0" }, "GPU ids are 'miner-rules:<device>'" },
        { "empty device", Good with { GpuId = $"{Miner}:" }, "GPU ids are" },
        { "names another miner", Good with { MinerId = "miner-other" }, "names another miner" },
        { "empty name", Good with { ReportedName = " " }, "the name must be 1 to 128" },
        { "long name", Good with { ReportedName = new string('x', 129) }, "the name must be 1 to 128" },
        { "control characters", Good with { ReportedName = "RTX\n4090" }, "printable" },
        { "too little memory", Good with { MemoryMb = 100 }, "memory 100 MB is outside" },
        { "too much memory", Good with { MemoryMb = 10L * 1024 * 1024 * 1024 }, "is outside 256 to" },
        { "null island", Good with { Location = new GeoPoint(0, 0) }, "location (0, 0)" },
        { "off the globe", Good with { Location = new GeoPoint(95, 10) }, "is not on the globe" },
        { "not a number", Good with { Location = new GeoPoint(double.NaN, 10) }, "is not on the globe" },
        { "no concurrency", Good with { Concurrency = 0 }, "concurrency 0 is outside 1 to 64" },
        { "huge concurrency", Good with { Concurrency = 1000 }, "concurrency 1000 is outside" },
        { "negative price", Good with { PriceFloor = -1 }, "price floor -1 is outside" },
        { "absurd power", Good with { PowerBudgetWatts = 1e9 }, "power budget" },
        { "unknown time zone", Good with { Schedule = new AvailabilitySchedule("Mars/Olympus", []) }, "known time zone" },
        { "cloud claim", Good with { Pool = PoolKind.Cloud }, "claims pool Cloud" },
        { "attestation claim", Good with { Attested = true }, "attested" },
        { "simulated", Good with { Simulated = true }, "accepts only real devices" },
    };

    [Theory]
    [MemberData(nameof(BadGpus))]
    public void A_bad_claim_is_refused_with_its_rule(string what, GpuRegistration gpu, string expected)
    {
        var problems = RegistrationRules.Problems(Registration(gpu), Edge, Production());
        Assert.True(problems.Any(p => p.Contains(expected, StringComparison.Ordinal)), $"{what}: {string.Join(" | ", problems)}");
    }

    [Fact]
    public void A_plain_registration_passes_and_takes_owner_pool_and_attestation_from_the_enrolment()
    {
        Assert.Empty(RegistrationRules.Problems(Registration(Good), Edge, Production()));

        var admitted = Edge with { Pool = PoolKind.Cloud, Attested = true };
        Assert.Empty(RegistrationRules.Problems(Registration(Good with { Pool = PoolKind.Cloud, Attested = true }), admitted, Production()));
        var recorded = RegistrationRules.Normalize(Registration(Good), admitted);
        Assert.Equal("owner", recorded.OwnerAccountId);
        Assert.All(recorded.Gpus, g => Assert.Equal((PoolKind.Cloud, true, Miner), (g.Pool, g.Attested, g.MinerId)));
    }

    [Fact]
    public void The_gpu_count_is_capped_and_ids_are_unique()
    {
        var seventeen = Enumerable.Range(0, 17).Select(i => Good with { GpuId = $"{Miner}:g{i}" }).ToArray();
        Assert.Contains(RegistrationRules.Problems(Registration(seventeen), Edge, Production()), p => p.Contains("more than the 16", StringComparison.Ordinal));
        Assert.Contains(RegistrationRules.Problems(Registration(Good, Good), Edge, Production()), p => p.Contains("listed twice", StringComparison.Ordinal));
        Assert.Contains(RegistrationRules.Problems(Registration(), Edge, Production()), p => p.Contains("at least one GPU", StringComparison.Ordinal));
        Assert.Empty(RegistrationRules.Problems(Registration(seventeen), Edge, new FleetOptions { MaxGpusPerMiner = 17, AllowSimulatedGpus = false }));
    }

    [Fact]
    public void Development_may_allow_simulated_gpus_and_a_missing_location()
    {
        var relaxed = new FleetOptions { AllowSimulatedGpus = true, RefuseNullIsland = false };
        Assert.Empty(RegistrationRules.Problems(Registration(Good with { Simulated = true, Location = new GeoPoint(0, 0) }), Edge, relaxed));
    }

    private static FleetOptions Production() => new() { AllowSimulatedGpus = false };

    private static MinerRegistration Registration(params GpuRegistration[] gpus) => new(Miner, "anyone", "key", gpus, "test");
}
