using System.CommandLine;
using Aitbc.Orleans.Cli.Output;
using Aitbc.Orleans.Cli.Private;
using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Cli.Commands;

/// <summary>private keygen: homomorphic encryption keys that stay on this machine.</summary>
public static class PrivateCommands
{
    public static Command Create(CliContext context) => new("private", "Private inference: inputs and outputs encrypted on this machine (CKKS)")
    {
        Keygen(context),
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
}
