using Aitbc.Orleans.Miner.Detection;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Detection;

public sealed class RocmSmiParserTests
{
    [Fact]
    public void Parses_two_cards_from_rocm_6_with_a_leading_warning()
    {
        var devices = RocmSmiParser.Parse(DetectionFixtures.Read("rocm-smi-6-two-cards.json"));

        Assert.Equal(2, devices.Count);
        var xtx = devices[0];
        Assert.Equal(GpuVendor.Amd, xtx.Vendor);
        Assert.Equal("Navi 31 [Radeon RX 7900 XTX]", xtx.Name);
        Assert.Equal("0x2f5c1a8e9b3d7046", xtx.StableId);
        Assert.Equal(24560, xtx.MemoryMb);
        Assert.Equal("6.8.5", xtx.Driver);
        Assert.Equal("gfx1100", xtx.ComputeCapability);
        Assert.Equal(41, xtx.TemperatureC);
        Assert.Equal(23, xtx.PowerW);
        Assert.Null(xtx.PowerLimitW);
        Assert.Equal(2, xtx.UtilisationPercent);
        Assert.Equal("rocm-smi", xtx.Source);
        Assert.Equal("MIGraphX", xtx.ExecutionProviderHint);

        var xt = devices[1];
        Assert.Equal("Navi 32 [Radeon RX 7800 XT]", xt.Name);
        Assert.Equal("0000:0a:00.0", xt.StableId);
        Assert.Equal(16368, xt.MemoryMb);
        Assert.Null(xt.PowerW);
        Assert.Equal(0, xt.UtilisationPercent);
        Assert.Equal("gfx1101", xt.ComputeCapability);
    }

    [Fact]
    public void Parses_rocm_5_lower_case_keys()
    {
        var device = Assert.Single(RocmSmiParser.Parse(DetectionFixtures.Read("rocm-smi-5-legacy.json")));

        Assert.Equal("Radeon RX 6800 XT", device.Name);
        Assert.Equal("0000:2D:00.0", device.StableId);
        Assert.Equal(16368, device.MemoryMb);
        Assert.Equal("5.19.0-45-generic", device.Driver);
        Assert.Null(device.ComputeCapability);
        Assert.Equal(36, device.TemperatureC);
        Assert.Equal(9, device.PowerW);
        Assert.Equal(0, device.UtilisationPercent);
    }

    [Fact]
    public void Data_centre_card_uses_junction_temperature_and_socket_power()
    {
        var device = Assert.Single(RocmSmiParser.Parse(DetectionFixtures.Read("rocm-smi-mi300x.json")));

        Assert.Equal("AMD Instinct MI300X OAM", device.Name);
        Assert.Equal("0x18e2f2a77d1a0f3c", device.StableId);
        Assert.Equal(196288, device.MemoryMb);
        Assert.Equal(37, device.TemperatureC);
        Assert.Equal(141, device.PowerW);
        Assert.Equal(750, device.PowerLimitW);
        Assert.Equal("gfx942", device.ComputeCapability);
    }

    [Fact]
    public void Name_falls_back_past_bare_pci_ids()
    {
        const string json = """{"card3": {"Card series": "0x73bf", "Card model": "0x0e3a", "Card SKU": "D4120300", "VRAM Total Memory (B)": "1073741824"}}""";

        var device = Assert.Single(RocmSmiParser.Parse(json));

        Assert.Equal("D4120300", device.Name);
        Assert.Equal("amd-card3", device.StableId);
        Assert.Equal(1024, device.MemoryMb);
    }

    [Theory]
    [InlineData("rocm-smi-no-gpus.txt")]
    [InlineData("nvidia-smi-h100.csv")]
    [InlineData("xpu-smi-discovery.json")]
    public void Output_without_cards_gives_nothing(string fixture) => Assert.Empty(RocmSmiParser.Parse(DetectionFixtures.Read(fixture)));

    [Theory]
    [InlineData(null)]
    [InlineData("{ not json")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"card0": "oops", "system": {}}""")]
    [InlineData("""{"card0": {"Card SKU": "N/A"}}""")]
    public void Garbage_gives_nothing(string? output) => Assert.Empty(RocmSmiParser.Parse(output));
}
