using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Chaos.Cluster;

/// <summary>
/// A `MinerClient run --simulate N` process in production mode: enrolled by its owner (`MinerClient enroll`; its extra
/// rigs enrol themselves with the owner's key), connected over TLS, answering jobs after a synthetic delay. It can be
/// killed with SIGKILL and started again with the same state (the same rigs and keys).
/// </summary>
internal sealed class SimulatedMiner : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _gateway;
    private readonly int _gpus;
    private ChildProcess? _process;

    private SimulatedMiner(string gateway, int gpus, Dictionary<string, string> environment, DirectoryInfo state)
    {
        _gateway = gateway;
        _gpus = gpus;
        _environment = environment;
        State = state;
    }

    public DirectoryInfo State { get; }

    public string MinerId => _environment["AITBC_MINER_MinerId"];

    public string Output => _process?.Output ?? "";

    /// <summary>Enrols the miner's own key; its rigs enrol when it starts.</summary>
    public static async Task<SimulatedMiner> Enroll(Uri gateway, string ownerKey, string minerId, int gpus, int seed)
    {
        var state = Directory.CreateTempSubdirectory("aitbc-chaos-miner-");
        var environment = new Dictionary<string, string>
        {
            ["AITBC_API_KEY"] = ownerKey,
            ["AITBC_MINER_MinerId"] = minerId,
            ["AITBC_MINER_StateDirectory"] = state.FullName,
            ["AITBC_MINER_HeartbeatIntervalSeconds"] = "2",
            ["AITBC_MINER_SimulationSeed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AITBC_MINER_Concurrency"] = "4",
            ["AITBC_MINER_DrainTimeoutSeconds"] = "5",
        };
        var miner = new SimulatedMiner(gateway.ToString(), gpus, environment, state);
        await using var enroll = ChildProcess.Start("MinerClient", ["enroll", "--gateway", miner._gateway], environment);
        if (!await enroll.WaitForExit(TimeSpan.FromMinutes(2)) || enroll.ExitCode != 0)
        {
            throw new InvalidOperationException($"MinerClient enroll failed:\n{enroll.Output}");
        }

        return miner;
    }

    public void Start() => _process = ChildProcess.Start(
        "MinerClient",
        ["run", "--coordinator", _gateway, "--simulate", _gpus.ToString(System.Globalization.CultureInfo.InvariantCulture), "--synthetic-delay-ms", "20"],
        _environment);

    /// <summary>Every rig of the fleet has registered (the daemon logs each registration).</summary>
    public bool AllRigsRegistered()
    {
        var output = Output;
        var rigs = output.Split('\n').Where(l => l.Contains(" rig(s) of 1 to ", StringComparison.Ordinal))
            .Select(l => int.Parse(l.Split(" GPU(s) on ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).LastOrDefault();
        var registered = output.Split('\n').Where(l => l.Contains(" registered ", StringComparison.Ordinal) && l.Contains(" device(s) (registration #", StringComparison.Ordinal))
            .Select(l => l.Split("Miner ")[1].Split(' ')[0]).Distinct(StringComparer.Ordinal).Count();
        return rigs > 0 && registered >= rigs;
    }

    /// <summary>SIGKILL: the rigs vanish mid-job, without deregistering.</summary>
    public void Kill() => _process?.Kill();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        State.Delete(recursive: true);
    }
}
