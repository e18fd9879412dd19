using Aitbc.Orleans.Cli;
using Aitbc.Orleans.Cli.Private;
using Aitbc.Orleans.Fhe.Ckks;
using static Aitbc.Orleans.Tests.Cli.CliRunner;

namespace Aitbc.Orleans.Tests.Cli;

/// <summary>private keygen: the key set on disk, the secret key readable by its owner only.</summary>
public sealed class CliPrivateTests
{
    [Fact]
    public async Task Keygen_writes_a_secure_key_set_with_the_secret_key_readable_by_its_owner_only_and_never_overwrites_it_by_accident()
    {
        var directory = Path.Combine(Directory.CreateTempSubdirectory("aitbc-keys-").FullName, "keys");

        var created = await Run(NoEnvironment(), "private", "keygen", "--out", directory);

        Assert.True(created.ExitCode == ExitCodes.Ok, created.ToString());
        Assert.Equal("Standard128N8192", created.Json["parameterSet"]!.GetValue<string>());
        var secretPath = Path.Combine(directory, KeyDirectory.SecretKeyFile);
        using var secret = SecretKey.Parse(await File.ReadAllBytesAsync(secretPath, TestContext.Current.CancellationToken));
        var publicKey = PublicKey.Parse(await File.ReadAllBytesAsync(Path.Combine(directory, KeyDirectory.PublicKeyFile), TestContext.Current.CancellationToken));
        Assert.Equal(created.Json["keyId"]!.GetValue<string>(), secret.KeyId.ToString());
        Assert.Equal(secret.KeyId, publicKey.KeyId);
        Assert.Equal(CkksParameterSetId.Standard128N8192, secret.ParameterSet);
        Assert.DoesNotContain(Convert.ToBase64String(await File.ReadAllBytesAsync(secretPath, TestContext.Current.CancellationToken)), created.Out, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        }

        var again = await Run(NoEnvironment(), "private", "keygen", "--out", directory);
        Assert.Equal(ExitCodes.Error, again.ExitCode);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        Assert.Equal(secret.KeyId, SecretKey.Parse(await File.ReadAllBytesAsync(secretPath, TestContext.Current.CancellationToken)).KeyId);

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(secretPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var replaced = await Run(NoEnvironment(), "private", "keygen", "--out", directory, "--force");
        Assert.Equal(ExitCodes.Ok, replaced.ExitCode);
        Assert.NotEqual(secret.KeyId.ToString(), replaced.Json["keyId"]!.GetValue<string>());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretPath));
        }
    }
}
