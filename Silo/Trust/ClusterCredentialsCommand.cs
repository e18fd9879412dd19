using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Silo.Trust;

/// <summary>
/// `Silo create-credentials DIR`: a new cluster CA and everything a local production cluster needs, as PEM files in
/// DIR (keys mode 0600): ca.pem/ca.key, silo.pem/silo.key (shared by the silos), gateway.pem/gateway.key,
/// operator.pem/operator.key (operators' tools) and token.key (the silos' session token key). A development CA: a
/// real deployment keeps ca.key offline or in the silos' secret store and issues one certificate per host.
/// </summary>
public static class ClusterCredentialsCommand
{
    public const string Name = "create-credentials";

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync($"usage: Silo {Name} <directory>");
            return 2;
        }

        var dir = Directory.CreateDirectory(args[0]).FullName;
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var ca = ClusterCertificates.CreateAuthority("aitbc development CA", now, TimeSpan.FromDays(3650));
        await Write(dir, "ca", ca);
        foreach (var (file, role, id) in new[] { ("silo", CallerKind.Silo, "silo"), ("gateway", CallerKind.Gateway, "gateway"), ("operator", CallerKind.Operator, "operator") })
        {
            using var certificate = ClusterCertificates.IssueWithNewKey(ca, role, id, now, TimeSpan.FromDays(365));
            await Write(dir, file, certificate);
        }

        await WritePrivate(Path.Combine(dir, "token.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await Console.Out.WriteLineAsync($"cluster credentials written to {dir}");
        return 0;
    }

    private static async Task Write(string dir, string name, X509Certificate2 certificate)
    {
        await File.WriteAllTextAsync(Path.Combine(dir, name + ".pem"), certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException($"{name} has no private key");
        await WritePrivate(Path.Combine(dir, name + ".key"), key.ExportPkcs8PrivateKeyPem());
    }

    private static async Task WritePrivate(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text);
    }
}
