using System.Diagnostics;
using System.Globalization;
using Aitbc.Orleans.Benchmarks.Reporting;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// The miner daemon as its own process (`MinerClient run`, the built MinerClient.dll of this build's configuration),
/// with what its log says about its rigs counted: how many rigs it simulates, which of them registered, every
/// registration (a rig registered twice re-registered), the sessions the cluster lost (a heartbeat answered "register
/// again") and the calls that failed. A rig is untrusted and so is this count; the silo's own view is read beside it.
/// </summary>
public sealed class MinerDaemon : IAsyncDisposable
{
    private const int TailLines = 40;
    private readonly Process _process;
    private readonly HashSet<string> _registered = new(StringComparer.Ordinal);
    private readonly Queue<string> _tail = new();
    private int _registrations;
    private int _lostSessions;
    private int _failedCalls;
    private int _rigs;

    private MinerDaemon(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Read(e.Data);
        _process.ErrorDataReceived += (_, e) => Read(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The rigs the daemon said it simulates (0 until it has said so).</summary>
    public int Rigs => Volatile.Read(ref _rigs);

    /// <summary>Distinct rigs that registered at least once.</summary>
    public int RegisteredRigs
    {
        get
        {
            lock (_registered)
            {
                return _registered.Count;
            }
        }
    }

    /// <summary>Registrations beyond each rig's first: the cluster lost a rig (a lost session or a failed call) and it came back.</summary>
    public int ReRegistrations => Volatile.Read(ref _registrations) - RegisteredRigs;

    /// <summary>Heartbeats the cluster answered "session lost: register again".</summary>
    public int LostSessions => Volatile.Read(ref _lostSessions);

    /// <summary>Calls of a rig that failed (the rig then registers again) or rounds in which the cluster was unreachable.</summary>
    public int FailedCalls => Volatile.Read(ref _failedCalls);

    public bool HasExited => _process.HasExited;

    /// <summary>The daemon process's CPU time so far (user + system).</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
        }
    }

    /// <summary>The last lines the daemon printed, for error messages.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    /// <summary>`MinerClient run --simulate N --synthetic-delay-ms D` against a development silo, with its state in <paramref name="stateDirectory"/>.</summary>
    public static MinerDaemon StartSimulated(
        int gpus, double syntheticDelayMs, string clusterId, int siloGatewayPort, Uri httpGateway, string stateDirectory)
    {
        var environment = new Dictionary<string, string>
        {
            ["AITBC_MINER_Orleans__ClusterId"] = clusterId,
            ["AITBC_MINER_Orleans__GatewayPort"] = siloGatewayPort.ToString(CultureInfo.InvariantCulture),
            // Enrolment (with the development key) and the bandwidth probe go to this silo's HTTP gateway.
            ["AITBC_MINER_GatewayUrl"] = httpGateway.ToString(),
            ["AITBC_MINER_StateDirectory"] = stateDirectory,
        };
        return new MinerDaemon(StartProcess(
            ["run", "--simulate", gpus.ToString(CultureInfo.InvariantCulture), "--synthetic-delay-ms", syntheticDelayMs.ToString(CultureInfo.InvariantCulture)],
            environment, redirectError: true));
    }

    /// <summary>The built MinerClient.dll of this build's configuration (MinerClient/bin/CONFIG/net10.0).</summary>
    public static string BinaryPath { get; } = Path.Combine(
        RepoPaths.Root, "MinerClient", "bin",
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release",
        "net10.0", "MinerClient.dll");

    /// <summary>Starts the built MinerClient.dll with these arguments and environment, its standard output redirected.</summary>
    public static Process StartProcess(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, bool redirectError = false)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var binary = BinaryPath;
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException("build MinerClient (in this build's configuration) first", binary);
        }

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = redirectError,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(binary)!,
        };
        info.ArgumentList.Add(binary);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start MinerClient");
    }

    public async ValueTask DisposeAsync()
    {
        // Killed rather than stopped: a stop drains and deregisters every rig, minutes for a large fleet, and the silo goes next.
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    /// <summary>Counts what one log line says (the daemon's single-line console format: "HH:mm:ss level: category[0] message").</summary>
    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }

        if (line.Contains(" device(s) (registration #", StringComparison.Ordinal) && MinerIdAfter(line, "Miner ") is { } miner)
        {
            Interlocked.Increment(ref _registrations);
            lock (_registered)
            {
                _registered.Add(miner);
            }
        }
        else if (line.Contains("lost the session of miner", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _lostSessions);
        }
        else if (line.Contains("cluster call failed", StringComparison.Ordinal) || line.Contains("Cluster unreachable", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _failedCalls);
        }
        else if (line.Contains(" rig(s) of 1 to ", StringComparison.Ordinal) && line.IndexOf(" GPU(s) on ", StringComparison.Ordinal) is >= 0 and var on)
        {
            var rest = line[(on + " GPU(s) on ".Length)..];
            if (int.TryParse(rest[..rest.IndexOf(' ', StringComparison.Ordinal)], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rigs))
            {
                Volatile.Write(ref _rigs, rigs);
            }
        }
    }

    /// <summary>The word after <paramref name="marker"/> in the line.</summary>
    private static string? MinerIdAfter(string line, string marker)
    {
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + marker.Length;
        var end = line.IndexOf(' ', start);
        return end > start ? line[start..end] : null;
    }
}
