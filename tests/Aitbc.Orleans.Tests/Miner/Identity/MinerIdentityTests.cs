using Aitbc.Orleans.Miner.Identity;
using Aitbc.Orleans.Tests.Miner.Models;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Identity;

public sealed class MinerIdentityTests
{
    [Fact]
    public void Key_is_created_owner_only_and_reloaded_unchanged()
    {
        using var dir = new TestDirectory();
        var path = Path.Combine(dir.Path, "keys", "miner.pem");

        byte[] publicKey;
        using (var created = MinerIdentity.LoadOrCreate(path))
        {
            publicKey = created.PublicKey;
        }

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(path), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        using var reloaded = MinerIdentity.LoadOrCreate(path);
        Assert.Equal(publicKey, reloaded.PublicKey);
        Assert.Equal(Convert.ToBase64String(publicKey), reloaded.PublicKeyBase64);
        Assert.Equal(64, reloaded.Fingerprint.Length);
    }

    [Fact]
    public void Signature_verifies_and_tampering_is_detected()
    {
        using var dir = new TestDirectory();
        using var identity = MinerIdentity.LoadOrCreate(Path.Combine(dir.Path, "miner.pem"));
        var payload = "job 42 finished"u8.ToArray();

        var signature = identity.Sign(payload);

        Assert.Equal(64, signature.Length);
        Assert.True(MinerIdentity.Verify(identity.PublicKey, payload, signature));

        var tamperedPayload = payload.ToArray();
        tamperedPayload[0] ^= 1;
        Assert.False(MinerIdentity.Verify(identity.PublicKey, tamperedPayload, signature));

        var tamperedSignature = signature.ToArray();
        tamperedSignature[10] ^= 1;
        Assert.False(MinerIdentity.Verify(identity.PublicKey, payload, tamperedSignature));

        using var other = MinerIdentity.LoadOrCreate(Path.Combine(dir.Path, "other.pem"));
        Assert.False(MinerIdentity.Verify(other.PublicKey, payload, signature));
        Assert.False(MinerIdentity.Verify([1, 2, 3], payload, signature)); // garbage key: false, not an exception
    }
}
