namespace Aitbc.Orleans.Tests.Miner.Models;

/// <summary>A fresh temporary directory, deleted afterwards.</summary>
public sealed class TestDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("aitbc-test-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
