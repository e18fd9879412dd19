using Aitbc.Orleans.Fleet.Thermal;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>The miner's "Thermal" settings (°C), bound from configuration; defaults are the cluster's.</summary>
public sealed class MinerThermalOptions
{
    public double WarningC { get; set; } = ThermalThresholds.Default.WarningC;

    public double CriticalC { get; set; } = ThermalThresholds.Default.CriticalC;

    public double ShutdownC { get; set; } = ThermalThresholds.Default.ShutdownC;

    public double HysteresisC { get; set; } = ThermalThresholds.Default.HysteresisC;

    public ThermalThresholds ToThresholds() => new(WarningC, CriticalC, ShutdownC, HysteresisC);
}
