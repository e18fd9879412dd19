using Aitbc.Orleans.Miner.Detection;

namespace Aitbc.Orleans.Tests.Miner.Detection;

/// <summary>An in-memory /proc and /sys.</summary>
internal sealed class FakeSystemFileReader : ISystemFileReader
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public FakeSystemFileReader With(string path, string text)
    {
        _files[path] = text;
        return this;
    }

    public FakeSystemFileReader WithFixture(string path, string fixtureName) => With(path, DetectionFixtures.Read(fixtureName));

    public string? TryReadText(string path) => _files.GetValueOrDefault(path);

    public IReadOnlyList<string> ListDirectories(string path, string searchPattern)
    {
        var prefix = path.TrimEnd('/') + "/";
        var pattern = searchPattern.TrimEnd('*');
        return _files.Keys
            .Where(file => file.StartsWith(prefix, StringComparison.Ordinal))
            .Select(file => file[prefix.Length..].Split('/')[0])
            .Where(name => name.StartsWith(pattern, StringComparison.Ordinal) && _files.Keys.Any(f => f.StartsWith(prefix + name + "/", StringComparison.Ordinal)))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Select(name => prefix + name)
            .ToList();
    }
}
