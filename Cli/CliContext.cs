using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aitbc.Orleans.Fhe;
using Aitbc.Orleans.Sdk;
using Aitbc.Orleans.Sdk.Contracts;

namespace Aitbc.Orleans.Cli;

/// <summary>
/// What every command shares: the console, the global options (--api, --key, with AITBC_API and AITBC_KEY as
/// fallbacks and the development system as the default), the client they make, and one place that turns failures
/// into a message on standard error and exit status 1.
/// </summary>
public sealed class CliContext(CliConsole console)
{
    public const string ApiVariable = "AITBC_API";
    public const string KeyVariable = "AITBC_KEY";
    public const string LocationVariable = "AITBC_LOCATION";

    public CliConsole Console => console;

    public Option<string?> Api { get; } = new("--api")
    {
        Description = $"Gateway address (else ${ApiVariable}, else {AitbcClientOptions.DevelopmentAddress})",
        Recursive = true,
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = $"API key (else ${KeyVariable}, else {AitbcClientOptions.DevelopmentKey})",
        Recursive = true,
    };

    public AitbcClient Client(ParseResult parse)
    {
        var api = parse.GetValue(Api) ?? NonEmpty(console.Environment(ApiVariable)) ?? AitbcClientOptions.DevelopmentAddress.ToString();
        if (!Uri.TryCreate(api, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{api}' is not an http(s) address; pass --api http://host:port");
        }

        return new AitbcClient(new AitbcClientOptions
        {
            BaseAddress = address,
            ApiKey = parse.GetValue(Key) ?? NonEmpty(console.Environment(KeyVariable)) ?? AitbcClientOptions.DevelopmentKey,
            TimeProvider = console.TimeProvider,
        });
    }

    /// <summary>"--location LAT,LON", else $AITBC_LOCATION.</summary>
    public static Option<string?> LocationOption() => new("--location")
    {
        Description = $"Where results are needed, as LAT,LON in decimal degrees (else ${LocationVariable})",
    };

    public Location Location(ParseResult parse, Option<string?> option)
    {
        var text = parse.GetValue(option) ?? NonEmpty(console.Environment(LocationVariable))
            ?? throw new ArgumentException($"say where results are needed: --location LAT,LON (or set {LocationVariable})");
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon))
        {
            return new Location(lat, lon);
        }

        throw new ArgumentException($"'{text}' is not LAT,LON (for example 50.11,8.68)");
    }

    /// <summary>A command that takes one id, makes one call and prints its answer (get, cancel, models get).</summary>
    public Command ById<T>(string name, string description, string argument, Func<AitbcClient, string, CancellationToken, Task<T>> call)
    {
        var id = new Argument<string>(argument) { Description = $"{char.ToUpperInvariant(argument[0])}{argument[1..]} id" };
        var command = new Command(name, description) { id };
        command.SetAction((parse, ct) => Run(async () =>
        {
            using var client = Client(parse);
            Output.JsonOutput.Write(console.Out, await call(client, parse.GetValue(id)!, ct));
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Runs a command's body; a refusal or failure is one line on standard error and exit status 1.</summary>
    public async Task<int> Run(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (AitbcApiException ex)
        {
            return Fail(ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return Fail($"cannot reach the gateway: {ex.Message}");
        }
        catch (TimeoutException ex)
        {
            return Fail(ex.Message);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or JsonException or FheException or InvalidOperationException)
        {
            return Fail(ex.Message);
        }
    }

    private int Fail(string message)
    {
        console.Error.WriteLine($"error: {message}");
        return ExitCodes.Error;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
