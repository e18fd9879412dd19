using System.Text.Json.Nodes;
using Aitbc.Orleans.Cli;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Gateway;

namespace Aitbc.Orleans.Tests.Cli;

/// <summary>Runs the aitbc command line in-process with its own standard streams and environment.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunWithInput(IReadOnlyDictionary<string, string?> environment, string standardInput, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, new StringReader(standardInput), ErrorIsTerminal: false, name => environment.GetValueOrDefault(name));
        var exitCode = await CliApp.RunAsync(args, console, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public static Task<CliResult> Run(IReadOnlyDictionary<string, string?> environment, params string[] args) => RunWithInput(environment, "", args);

    /// <summary>AITBC_API and AITBC_KEY pointing at the test gateway as this tenant (and AITBC_LOCATION when given).</summary>
    public static Dictionary<string, string?> Environment(GatewayFixture fixture, TestTenant tenant, string? location = null) => new()
    {
        [CliContext.ApiVariable] = fixture.BaseAddress.ToString(),
        [CliContext.KeyVariable] = tenant.Key,
        [CliContext.LocationVariable] = location,
    };

    public static Dictionary<string, string?> NoEnvironment() => [];
}

/// <summary>What a command returned: its exit status, standard output (one JSON object on success) and standard error.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonNode Json => JsonNode.Parse(Out) ?? throw new InvalidOperationException($"no JSON on standard output; standard error: {Error}");

    public override string ToString() => $"exit {ExitCode}\nstdout: {Out}\nstderr: {Error}";
}
