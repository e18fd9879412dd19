namespace Aitbc.Orleans.Fleet.Thermal;

/// <summary>
/// The thermal bands' edges (°C) and the hysteresis a falling reading must clear to leave a band. The cluster takes them
/// from "Aitbc:Fleet" and the miner's local guard from its own settings; both apply them with <see cref="ThermalBands"/>.
/// </summary>
public sealed record ThermalThresholds(double WarningC, double CriticalC, double ShutdownC, double HysteresisC)
{
    /// <summary>75/85/95 °C with 3 °C hysteresis: the cluster's defaults.</summary>
    public static ThermalThresholds Default { get; } = new(75, 85, 95, 3);
}
