using System.Security.Cryptography;
using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Identity;

/// <summary>
/// The miner's long-lived ECDSA P-256 key. Created on first run and stored as a PKCS#8 PEM readable only by its
/// owner (0600), loaded on later runs. The public key (SubjectPublicKeyInfo) identifies the miner to the
/// coordinator, which checks result signatures with it.
/// </summary>
public sealed class MinerIdentity : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly ECDsa _key;

    private MinerIdentity(ECDsa key, string keyPath)
    {
        _key = key;
        KeyPath = keyPath;
        PublicKey = key.ExportSubjectPublicKeyInfo();
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(PublicKey));
    }

    public string KeyPath { get; }

    /// <summary>SubjectPublicKeyInfo, DER encoded.</summary>
    public byte[] PublicKey { get; }

    public string PublicKeyBase64 => Convert.ToBase64String(PublicKey);

    /// <summary>SHA-256 of <see cref="PublicKey"/> in hex: a stable, printable miner key id.</summary>
    public string Fingerprint { get; }

    public static MinerIdentity LoadOrCreate(string keyPath, ILogger? logger = null)
    {
        var fullPath = Path.GetFullPath(keyPath);
        if (File.Exists(fullPath))
        {
            WarnIfExposed(fullPath, logger);
            var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(File.ReadAllText(fullPath));
                if (key.KeySize != 256)
                {
                    throw new CryptographicException($"Key in {fullPath} is {key.KeySize}-bit; a P-256 key is required.");
                }

                var identity = new MinerIdentity(key, fullPath);
                logger?.LogInformation("Loaded miner identity {Fingerprint} from {Path}", identity.Fingerprint, fullPath);
                return identity;
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }

        var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            WritePrivate(fullPath, created.ExportPkcs8PrivateKeyPem());
            var identity = new MinerIdentity(created, fullPath);
            logger?.LogInformation("Created miner identity {Fingerprint} at {Path}", identity.Fingerprint, fullPath);
            return identity;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>ECDSA P-256 / SHA-256 signature in IEEE P1363 form (64 bytes).</summary>
    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, ResultSignature.SignatureFormat);

    public static bool Verify(byte[] publicKey, byte[] data, byte[] signature) =>
        ResultSignature.VerifySignature(publicKey, data, signature);

    public void Dispose() => _key.Dispose();

    private static void WritePrivate(string path, string pem)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600 from the start: there is no moment where the key is readable by others.
            options.UnixCreateMode = OwnerReadWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
        }

        if (!OperatingSystem.IsWindows())
        {
            // The create mode is filtered by the umask; set it explicitly so the result never depends on it.
            File.SetUnixFileMode(path, OwnerReadWrite);
        }
    }

    private static void WarnIfExposed(string path, ILogger? logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)) != 0)
        {
            logger?.LogWarning("Miner key {Path} is accessible to other users ({Mode}); run: chmod 600 {Path}", path, mode, path);
        }
    }
}
