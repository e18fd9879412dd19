using System.Text.Json;
using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Inference;

namespace Aitbc.Orleans.Cli.Private;

/// <summary>
/// A submitter's key set on disk. <c>secret.key</c> is created with mode 0600 (in a directory of mode 0700) and is read
/// only here, to decrypt results and to derive evaluation keys; nothing in the CLI sends it. <c>public.key</c> and
/// <c>keyset.json</c> (key id and parameter set) are public.
/// </summary>
public sealed class KeyDirectory
{
    public const string SecretKeyFile = "secret.key";
    public const string PublicKeyFile = "public.key";
    public const string DescriptionFile = "keyset.json";

    private KeyDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public string SecretKeyPath => System.IO.Path.Combine(Path, SecretKeyFile);

    public string PublicKeyPath => System.IO.Path.Combine(Path, PublicKeyFile);

    public static KeyDirectory Open(string path)
    {
        var directory = new KeyDirectory(path);
        if (!File.Exists(directory.SecretKeyPath) || !File.Exists(directory.PublicKeyPath))
        {
            throw new FileNotFoundException($"{directory.Path} holds no key set: make one with `aitbc private keygen --out {path}`");
        }

        return directory;
    }

    /// <summary>Generates a key set into <paramref name="path"/>; refuses to overwrite one unless <paramref name="force"/>.</summary>
    public static (KeyDirectory Directory, FheKeyId KeyId) Create(string path, CkksParameters parameters, bool force, TimeProvider time)
    {
        var directory = new KeyDirectory(path);
        if (File.Exists(directory.SecretKeyPath) && !force)
        {
            throw new IOException($"{directory.SecretKeyPath} exists; pass --force to replace the key set (results encrypted under it can no longer be decrypted)");
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory.Path);
        }
        else
        {
            Directory.CreateDirectory(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var client = PrivateInferenceClient.Create(parameters);
        WriteFile(directory.SecretKeyPath, client.SecretKey.ToBytes(), secret: true);
        WriteFile(directory.PublicKeyPath, client.PublicKey.ToBytes(), secret: false);
        var description = JsonSerializer.SerializeToUtf8Bytes(new
        {
            keyId = client.KeyId.ToString(),
            parameterSet = parameters.Id.ToString(),
            parameters = parameters.Name,
            createdAt = time.GetUtcNow(),
        }, Sdk.Http.SdkJson.Indented);
        WriteFile(System.IO.Path.Combine(directory.Path, DescriptionFile), description, secret: false);
        return (directory, client.KeyId);
    }

    /// <summary>The key set, secret key included: for encrypting, deriving evaluation keys and decrypting, on this machine.</summary>
    public PrivateInferenceClient OpenClient() =>
        new(SecretKey.Parse(File.ReadAllBytes(SecretKeyPath)), PublicKey.Parse(File.ReadAllBytes(PublicKeyPath)));

    private static void WriteFile(string path, byte[] content, bool secret)
    {
        if (secret)
        {
            // A new file gets the creation mode below; an old one (from --force) might be readable by others while rewritten.
            File.Delete(path);
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Set at creation, so the secret is never readable by others, not even for a moment.
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
    }
}
