using Aitbc.Orleans.Benchmarks.Scenarios;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Aitbc.Orleans.Benchmarks.Micro;

/// <summary>
/// BenchmarkDotNet micro-benchmarks of the pure routing and pricing code, each class with its own baseline (BDN's
/// Ratio column). In-process toolchain: no generated project to build, so it runs from this same build. Smoke runs
/// them as a dry run (one invocation each) only to prove they still run.
/// </summary>
public sealed class MicroScenario : IScenario
{
    private static readonly Type[] Benchmarks =
        [typeof(GeoBenchmarks), typeof(PricingBenchmarks), typeof(SnapshotSearchBenchmarks), typeof(ScorerBenchmarks)];

    public string Name => "micro";

    public string Description => "BenchmarkDotNet: RttModel/GeoMath, PriceCalculator, snapshot search and upkeep, scorer";

    public Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = (context.Sizes.IsFull ? Job.ShortRun : Job.Dry).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(context.Options.Verbose ? ConsoleLogger.Default : NullLogger.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "aitbc-benchmarkdotnet"))
            .WithOptions(ConfigOptions.DisableLogFile);
        context.Log($"micro: BenchmarkDotNet ({(context.Sizes.IsFull ? "ShortRun" : "Dry")} job, in-process) over {Benchmarks.Length} classes");
        var summaries = BenchmarkRunner.Run(Benchmarks, config);
        var markdown = new AccumulationLogger();
        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success))
            {
                context.Report.Errors.Add($"micro: {summary.Title} failed: {string.Join("; ", summary.ValidationErrors.Select(e => e.Message))}");
            }

            MarkdownExporter.GitHub.ExportToLog(summary, markdown);
            markdown.WriteLine();
        }

        // The GitHub exporter HTML-escapes the quotes BenchmarkDotNet puts around descriptions with spaces.
        var text = markdown.GetLog().Replace("&#39;", "'", StringComparison.Ordinal);
        Console.WriteLine(text);
        context.Report.AddSection(
            context.Sizes.IsFull ? "Micro-benchmarks (BenchmarkDotNet, ShortRun, in-process)" : "Micro-benchmarks (dry run: one invocation each, figures meaningless)",
            text);
        return Task.CompletedTask;
    }
}
