namespace Aitbc.Orleans.Miner.Detection;

/// <summary>
/// Marketing names for common discrete Intel PCI device ids. sysfs only gives the id, and the name matters to buyers;
/// ids not listed here are reported as "Intel GPU [8086:xxxx]".
/// </summary>
public static class IntelDeviceNames
{
    private static readonly Dictionary<long, string> Discrete = new()
    {
        [0x56a0] = "Intel Arc A770",
        [0x56a1] = "Intel Arc A750",
        [0x56a2] = "Intel Arc A580",
        [0x56a5] = "Intel Arc A380",
        [0x56a6] = "Intel Arc A310",
        [0xe20b] = "Intel Arc B580",
        [0xe20c] = "Intel Arc B570",
        [0x56c0] = "Intel Data Center GPU Flex 170",
        [0x56c1] = "Intel Data Center GPU Flex 140",
        [0x0bd5] = "Intel Data Center GPU Max 1550",
    };

    public static bool IsKnownDiscrete(long deviceId) => Discrete.ContainsKey(deviceId);

    public static string NameFor(long deviceId) =>
        Discrete.TryGetValue(deviceId, out var name) ? name : $"Intel GPU [8086:{deviceId:x4}]";
}
