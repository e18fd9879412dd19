namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>Command line: --smoke | --full | --scenario NAME[,NAME] | --list, plus --append/--no-append, --label, --fail-on-miss, --verbose, --fleet, --duration, --rig, --rate, --settle.</summary>
public sealed record BenchOptions(
    RunMode Mode,
    IReadOnlyList<string> Scenarios,
    bool Append,
    string? Label,
    bool FailOnMiss,
    bool Verbose,
    bool FullSizes,
    IReadOnlyList<int>? Fleets,
    TimeSpan? Duration,
    string? Error,
    int? GpusPerMiner = null,
    double? Rate = null,
    TimeSpan? Settle = null)
{
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var mode = RunMode.Help;
        var scenarios = new List<string>();
        bool? append = null;
        string? label = null;
        var failOnMiss = false;
        var verbose = false;
        var smokeSizes = false;
        List<int>? fleets = null;
        TimeSpan? duration = null;
        int? rig = null;
        double? rate = null;
        TimeSpan? settle = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--smoke":
                    mode = RunMode.Smoke;
                    break;
                case "--full":
                    mode = RunMode.Full;
                    break;
                case "--list":
                    mode = RunMode.List;
                    break;
                case "--scenario" when i + 1 < args.Count:
                    mode = RunMode.Scenario;
                    scenarios.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--small":
                    // With --scenario: the smoke sizes, for a quick look at one scenario.
                    smokeSizes = true;
                    break;
                case "--fleet" when i + 1 < args.Count:
                    fleets = [];
                    foreach (var part in args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (!int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0)
                        {
                            return Invalid($"--fleet takes positive GPU counts, not '{part}'");
                        }

                        fleets.Add(n);
                    }

                    break;
                case "--duration" when i + 1 < args.Count:
                    if (!double.TryParse(args[++i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                    {
                        return Invalid($"--duration takes seconds, not '{args[i]}'");
                    }

                    duration = TimeSpan.FromSeconds(seconds);
                    break;
                case "--settle" when i + 1 < args.Count:
                    if (!double.TryParse(args[++i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var settleSeconds) || settleSeconds < 0)
                    {
                        return Invalid($"--settle takes seconds, not '{args[i]}'");
                    }

                    settle = TimeSpan.FromSeconds(settleSeconds);
                    break;
                case "--rig" when i + 1 < args.Count:
                    if (!int.TryParse(args[++i], System.Globalization.CultureInfo.InvariantCulture, out var gpus) || gpus < 1)
                    {
                        return Invalid($"--rig takes a positive number of GPUs per simulated miner, not '{args[i]}'");
                    }

                    rig = gpus;
                    break;
                case "--rate" when i + 1 < args.Count:
                    if (!double.TryParse(args[++i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var perSecond) || perSecond <= 0)
                    {
                        return Invalid($"--rate takes operations per second, not '{args[i]}'");
                    }

                    rate = perSecond;
                    break;
                case "--append":
                    append = true;
                    break;
                case "--no-append":
                    append = false;
                    break;
                case "--label" when i + 1 < args.Count:
                    label = args[++i];
                    break;
                case "--fail-on-miss":
                    failOnMiss = true;
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--help" or "-h":
                    mode = RunMode.Help;
                    break;
                default:
                    return Invalid($"unknown or incomplete argument '{args[i]}'");
            }
        }

        // Smoke runs in CI and must not touch the document unless asked; real runs are recorded by default.
        var appendDefault = mode is RunMode.Full or RunMode.Scenario;
        var fullSizes = mode == RunMode.Full || (mode == RunMode.Scenario && !smokeSizes);
        return new BenchOptions(mode, scenarios, append ?? appendDefault, label, failOnMiss, verbose, fullSizes, fleets, duration, null, rig, rate, settle);
    }

    /// <summary>The sizes for this run: smoke or full, with --fleet and --duration applied.</summary>
    public BenchSizes Sizes()
    {
        var sizes = FullSizes ? BenchSizes.Full : BenchSizes.Smoke;
        if (Fleets is { Count: > 0 } fleets)
        {
            sizes = sizes with { RoutingFleets = fleets, MemoryFleet = fleets.Max() };
        }

        if (GpusPerMiner is { } rig)
        {
            sizes = sizes with { GpusPerMiner = rig };
        }

        return Duration is { } d ? sizes with { Duration = d } : sizes;
    }

    private static BenchOptions Invalid(string error) => new(RunMode.Help, [], false, null, false, false, false, null, null, error);

    public const string Usage = """
        Aitbc.Orleans benchmarks

          dotnet run -c Release --project tests/Benchmarks -- --smoke               all scenarios at tiny sizes (CI; no append)
          dotnet run -c Release --project tests/Benchmarks -- --full                all scenarios at full size + micro-benchmarks
          dotnet run -c Release --project tests/Benchmarks -- --scenario NAME[,..]  named scenarios at full size (--small: smoke sizes)
          dotnet run -c Release --project tests/Benchmarks -- --list                scenario names

        Options:
          --append / --no-append   append the result to docs/BENCHMARKS.md (default: yes for --full/--scenario, no for --smoke)
          --label TEXT             a line under the run's header (e.g. "development-time run on a shared machine")
          --fail-on-miss           exit 3 when a figure misses its target (default: targets are reported, not enforced)
          --verbose                silo warnings on the console
          --fleet N[,N..]          GPU counts for 'routing' (and 'memory'), e.g. --fleet 10000 (a run with it is not the standard one)
          --duration SECONDS       measuring window of each throughput measurement
          --rig N                  GPUs per simulated miner (default 100 smoke, 1000 full; production rigs have at most 16)
          --rate PER_SECOND        the fixed rate of 'jobs-load' (default 500); with 'jobs-fleet', 'prod-jobs' or 'routing': a probe at that rate alone, no rows reported
          --settle SECONDS         probes: how long to wait ('jobs-fleet') or to load at the rate first ('routing', default 30) before measuring

        Exit codes: 0 ok, 1 a scenario failed (exception or failed operations), 2 bad arguments, 3 target missed (--fail-on-miss).
        """;
}
