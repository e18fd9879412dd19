using Aitbc.Orleans.Gateway.Caching;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Hosting;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Security;

/// <summary>
/// `Gateway create-key --account ops --roles operator[,submitter] [--label text]`: issues a key straight through the
/// cluster. Production has no default key; this makes the first operator key, and that operator issues the rest with
/// POST /v1/keys. It signs in with the certificate in Aitbc:Trust:Certificate, which must be an operator certificate
/// of the cluster CA (a gateway's certificate may not create keys).
/// </summary>
public static class CreateKeyCommand
{
    public const string Name = "create-key";

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // "--Section:Key=value" arguments are configuration (as for the server); the rest are this command's options.
        var configuration = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray();
        var options = ParseOptions(args.Except(configuration).ToArray());
        if (options is null)
        {
            await Console.Error.WriteLineAsync($"usage: Gateway {Name} --account <id> --roles <operator|submitter>[,...] [--label <text>]");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(configuration);
        builder.UseOrleansClient(client => client.UseAitbcCluster(builder.Configuration));
        builder.Services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddSingleton<AccessService>();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var key = await host.Services.GetRequiredService<AccessService>().CreateKeyAsync(new CreateKeyRequestBody
            {
                AccountId = options.Value.Account,
                Roles = options.Value.Roles,
                Label = options.Value.Label,
            });
            await Console.Out.WriteLineAsync($"key:    {key.Key}");
            await Console.Out.WriteLineAsync($"keyId:  {key.KeyId}");
            await Console.Out.WriteLineAsync($"account {key.AccountId}, roles {string.Join(",", key.Roles)}. The key is shown only now; store it safely.");
            return 0;
        }
        catch (GatewayRequestException ex)
        {
            await Console.Error.WriteLineAsync($"{ex.Title}: {ex.Message}");
            foreach (var (field, messages) in ex.Errors ?? new Dictionary<string, string[]>())
            {
                await Console.Error.WriteLineAsync($"  {field}: {string.Join("; ", messages)}");
            }

            return 2;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static (string Account, string[] Roles, string? Label)? ParseOptions(string[] args)
    {
        string? account = null, roles = null, label = null;
        if (args.Length % 2 != 0)
        {
            return null;
        }

        for (var i = 0; i < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--account":
                    account = args[i + 1];
                    break;
                case "--roles":
                    roles = args[i + 1];
                    break;
                case "--label":
                    label = args[i + 1];
                    break;
                default:
                    return null;
            }
        }

        return account is null || roles is null
            ? null
            : (account, roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), label);
    }
}
