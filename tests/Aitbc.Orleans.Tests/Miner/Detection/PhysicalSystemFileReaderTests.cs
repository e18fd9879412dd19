using Aitbc.Orleans.Miner.Detection;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Detection;

public sealed class PhysicalSystemFileReaderTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("aitbc-sysfs-");
    private readonly PhysicalSystemFileReader _reader = new();

    [Fact]
    public void Lists_symlinked_card_directories_like_real_sysfs()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "sysfs symlinks are a Linux thing.");
        // /sys/class/drm/cardN is a symlink into /sys/devices/...; the probe must see through it.
        var device = Directory.CreateDirectory(Path.Combine(_temp.FullName, "devices", "pci0000:00", "0000:03:00.0", "drm", "card1"));
        File.WriteAllText(Path.Combine(device.FullName, "marker"), "x");
        var drm = Directory.CreateDirectory(Path.Combine(_temp.FullName, "class", "drm"));
        Directory.CreateSymbolicLink(Path.Combine(drm.FullName, "card1"), device.FullName);
        File.WriteAllText(Path.Combine(drm.FullName, "card9"), "a file, not a card");

        var listed = _reader.ListDirectories(drm.FullName, "card*");

        Assert.Equal([Path.Combine(drm.FullName, "card1")], listed);
        Assert.Equal("x", _reader.TryReadText(Path.Combine(listed[0], "marker")));
    }

    [Fact]
    public void Missing_paths_read_as_absent()
    {
        Assert.Null(_reader.TryReadText(Path.Combine(_temp.FullName, "nope")));
        Assert.Null(_reader.TryReadText(_temp.FullName));
        Assert.Empty(_reader.ListDirectories(Path.Combine(_temp.FullName, "nope"), "*"));
    }

    public void Dispose() => _temp.Delete(recursive: true);
}
