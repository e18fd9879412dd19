namespace Aitbc.Orleans.Fleet;

/// <summary>Thermal band of a GPU. Routing takes only Normal and Warning; Critical takes no new work; Shutdown drains now.</summary>
[GenerateSerializer, Alias("aitbc.ThermalState")]
public enum ThermalState
{
    Normal = 0,
    Warning = 1,
    Critical = 2,
    Shutdown = 3,
}
