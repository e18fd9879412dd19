using System.Diagnostics;
using System.Reflection;
using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Benchmarks.Scenarios;

namespace Aitbc.Orleans.Benchmarks;

/// <summary>Parses the command line, runs the chosen scenarios, prints the table and appends it to docs/BENCHMARKS.md.</summary>
public static class BenchApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is [SiloProcess.HostFlag, ..])
        {
            return await SiloProcess.HostAsync(args);
        }

        var options = BenchOptions.Parse(args);
        if (options.Error is not null)
        {
            await Console.Error.WriteLineAsync($"error: {options.Error}\n\n{BenchOptions.Usage}");
            return 2;
        }

        switch (options.Mode)
        {
            case RunMode.Help:
                Console.WriteLine(BenchOptions.Usage);
                return args.Length == 0 ? 2 : 0;
            case RunMode.List:
                foreach (var s in ScenarioCatalog.All)
                {
                    Console.WriteLine($"{s.Name,-10} {s.Description}");
                }

                return 0;
        }

        var scenarios = new List<IScenario>();
        if (options.Mode == RunMode.Scenario)
        {
            foreach (var name in options.Scenarios)
            {
                var scenario = ScenarioCatalog.Find(name);
                if (scenario is null)
                {
                    await Console.Error.WriteLineAsync($"error: unknown scenario '{name}' (--list shows them)");
                    return 2;
                }

                scenarios.Add(scenario);
            }
        }
        else
        {
            scenarios.AddRange(ScenarioCatalog.Suite);
        }

        var machine = MachineInfo.Current();
        var sizes = options.Sizes();
        var report = new RunReport();
        var context = new ScenarioContext(options, sizes, report);
        var wall = Stopwatch.StartNew();
        context.Log($"{options.Mode} run on {machine.Cores} cores ({machine.CpuModel}), load {machine.LoadAverage}; {(sizes.IsFull ? "full" : "smoke")} sizes");
        foreach (var scenario in scenarios)
        {
            context.Log($"== {scenario.Name}: {scenario.Description}");
            var started = wall.Elapsed;
            try
            {
                await scenario.RunAsync(context);
            }
            catch (Exception ex)
            {
                report.Errors.Add($"{scenario.Name}: {ex.GetType().Name}: {ex.Message}");
                context.Log($"{scenario.Name} FAILED: {ex}");
            }

            report.Note($"Scenario '{scenario.Name}' took {(wall.Elapsed - started).TotalSeconds:0} s.");
        }

        var modeName = options.Mode switch
        {
            RunMode.Smoke => "smoke",
            RunMode.Full => "full",
            _ => $"scenario {string.Join(",", options.Scenarios)}{(sizes.IsFull ? "" : " (smoke sizes)")}",
        };
        var section = report.Render(modeName, Command(args), GitInfo.Describe(RepoPaths.Root), machine, wall.Elapsed, options.Label);
        Console.WriteLine();
        Console.WriteLine(section);
        if (options.Append)
        {
            BenchmarksDocument.Append(RepoPaths.BenchmarksDocument, section);
            Console.WriteLine($"Appended to {RepoPaths.BenchmarksDocument}");
        }

        if (report.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"{report.Errors.Count} error(s):\n  {string.Join("\n  ", report.Errors)}");
            return 1;
        }

        return options.FailOnMiss && report.Rows.Any(r => r.Status == TargetStatus.Missed) ? 3 : 0;
    }

    /// <summary>The command as a person would type it to repeat this run.</summary>
    private static string Command(string[] args)
    {
        var configuration = typeof(BenchApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var quoted = args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a);
        return $"dotnet run -c {configuration} --project tests/Benchmarks -- {string.Join(' ', quoted)}";
    }
}
