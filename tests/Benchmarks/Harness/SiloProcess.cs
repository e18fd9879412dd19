using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// The benchmark silo in a process of its own (this program with <c>--silo-host</c>), and a cluster client of it here:
/// what the silo's memory grows by is then read without the client, the load generator or the harness in the figure.
/// The silo process ends when this is disposed, or with this process (it watches its standard input).
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    public const string HostFlag = "--silo-host";

    private readonly Process _process;
    private readonly IHost _client;

    private SiloProcess(Process process, IHost client)
    {
        _process = process;
        _client = client;
        Client = client.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    /// <summary>The silo process's id (for a heap dump of it: see the memory scenario's AITBC_MEMORY_HOLD_SECONDS).</summary>
    public int ProcessId => _process.Id;

    public static async Task<SiloProcess> StartAsync(bool verbose)
    {
        var endpoints = SiloEndpoints.Fresh();
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Run as "dotnet Aitbc.Orleans.Benchmarks.dll" or as the apphost, whichever this process is.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SiloProcess).Assembly.Location);
        }

        // The silo's GC is this process's (server, concurrent: as Silo.csproj sets it) unless the caller's environment chooses one.

        foreach (var arg in new[] { HostFlag, $"{endpoints.SiloPort}", $"{endpoints.GatewayPort}", endpoints.ClusterId, verbose ? "verbose" : "quiet" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the silo process did not start");
        // With verbose logging the silo logs to the same pipe before it is ready: those lines are passed on, not taken for the answer.
        var ready = await WaitForReady(process).WaitAsync(TimeSpan.FromMinutes(2));
        if (ready != "ready")
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the silo process did not report ready (its output ended after '{ready}')");
        }

        // What the silo logs afterwards is passed on, so its pipe never fills up and stalls it.
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                Console.WriteLine($"  [silo] {line}");
            }
        });

        return new SiloProcess(process, await BenchCluster.StartClientAsync(endpoints, verbose, authorization: true));
    }

    /// <summary>Reads the silo's output up to its "ready" line; the last line read when the output ends first.</summary>
    private static async Task<string?> WaitForReady(Process process)
    {
        string? last = null;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "ready")
            {
                return line;
            }

            Console.WriteLine($"  [silo] {line}");
            last = line;
        }

        return last;
    }

    /// <summary>The child's side: runs the benchmark silo until its standard input closes.</summary>
    public static async Task<int> HostAsync(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var endpoints = new SiloEndpoints(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]);
        var silo = BenchCluster.BuildSilo(endpoints, verbose: args.Count > 4 && args[4] == "verbose", authorization: true);
        await silo.StartAsync();
        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync();

        // The figures are taken: end at once, as a killed silo would, rather than stop 100k rows and their regions politely.
        Environment.Exit(0);
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _client.StopAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _client.Dispose();
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
