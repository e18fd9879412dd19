namespace Aitbc.Orleans.Miner.Models;

/// <summary>Downloaded or cached model bytes do not hash to the expected SHA-256; the bytes are never used.</summary>
public sealed class ModelIntegrityException : Exception
{
    public ModelIntegrityException(string expectedSha256, string actualSha256)
        : base($"Model content hashes to {actualSha256} but {expectedSha256} was expected; the file was discarded.")
    {
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    public ModelIntegrityException()
        : this("", "")
    {
    }

    public ModelIntegrityException(string message)
        : base(message)
    {
        ExpectedSha256 = "";
        ActualSha256 = "";
    }

    public ModelIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExpectedSha256 = "";
        ActualSha256 = "";
    }

    public string ExpectedSha256 { get; }

    public string ActualSha256 { get; }
}
