namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>A system-level scenario: starts what it needs, measures, and adds rows (each with its same-run baseline) to the report.</summary>
public interface IScenario
{
    /// <summary>The name --scenario takes.</summary>
    string Name { get; }

    string Description { get; }

    Task RunAsync(ScenarioContext context);
}
