using System.CommandLine;
using Aitbc.Orleans.Cli.Output;
using Aitbc.Orleans.Cli.Private;
using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Cli.Commands;

/// <summary>private keygen and private run: homomorphic encryption keys that stay on this machine, and jobs on ciphertexts.</summary>
public static class PrivateCommands
{
    public static Command Create(CliContext context) => new("private", "Private inference: inputs and outputs encrypted on this machine (CKKS)")
    {
        Keygen(context),
        Run(context),
    };

    private static Command Keygen(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Directory for the key set (created with mode 0700; secret.key gets 0600)", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing key set" };
        var command = new Command("keygen", "Generate a key set (N = 8192, 128-bit security): the secret key never leaves the directory") { output, force };
        command.SetAction((parse, _) => context.Run(() =>
        {
            var parameters = CkksParameters.Standard128;
            var (directory, keyId) = KeyDirectory.Create(parse.GetValue(output)!, parameters, parse.GetValue(force), context.Console.TimeProvider);
            JsonOutput.Write(context.Console.Out, new
            {
                keyId = keyId.ToString(),
                parameterSet = parameters.Id.ToString(),
                directory = directory.Path,
                publicKey = directory.PublicKeyPath,
                secretKey = directory.SecretKeyPath,
            });
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static Command Run(CliContext context)
    {
        var model = JobCommands.ModelOption();
        var keys = new Option<string>("--keys") { Description = "Key set directory (from private keygen)", Required = true };
        var input = new Option<string>("--input") { Description = "File of inputs in the API's shape (one row), or - for standard input", Required = true };
        var quote = new Option<string?>("--quote") { Description = "Pay with this quote (jobType privateInference; else one is asked for, unless --max-price)" };
        var maxPrice = new Option<decimal?>("--max-price") { Description = "Pay the market price, at most this" };
        var latency = JobCommands.LatencyOption();
        var location = CliContext.LocationOption();
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the result", DefaultValueFactory = _ => 300 };
        var command = new Command("run", "Encrypt the inputs, submit them to the model, wait, decrypt: prints {jobId, outputs}")
        {
            model, keys, input, quote, maxPrice, latency, location, timeout,
        };
        command.SetAction((parse, ct) => context.Run(async () =>
        {
            var inputs = InputFile.Read(parse.GetValue(input)!, context.Console);
            var directory = KeyDirectory.Open(parse.GetValue(keys)!);
            using var client = context.Client(parse);
            using var progress = new ProgressDisplay(context.Console, "private job");
            var result = await PrivateRun.RunAsync(client, directory, parse.GetValue(model)!, inputs, new PrivateRun.Options(
                context.Location(parse, location), parse.GetValue(latency), parse.GetValue(maxPrice), parse.GetValue(quote),
                Wait: TimeSpan.FromSeconds(parse.GetValue(timeout))), progress, progress, ct);
            progress.Dispose();
            if (result.Outputs is null)
            {
                JsonOutput.Write(context.Console.Out, result.Job);
                return ExitCodes.For(result.Job);
            }

            JsonOutput.Write(context.Console.Out, new { jobId = result.Job.JobId, outputs = result.Outputs });
            return ExitCodes.Ok;
        }));
        return command;
    }
}
