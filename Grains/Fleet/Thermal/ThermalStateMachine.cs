namespace Aitbc.Orleans.Fleet.Thermal;

/// <summary>The cluster's thermal bands for one GPU, from "Aitbc:Fleet"; the logic is <see cref="ThermalBands"/>, which the miner's local guard shares.</summary>
public sealed class ThermalStateMachine(FleetOptions options)
{
    private readonly ThermalThresholds _thresholds = new(options.WarningC, options.CriticalC, options.ShutdownC, options.HysteresisC);

    /// <summary>The next band; a missing reading leaves it unchanged.</summary>
    public ThermalState Next(ThermalState current, double? temperatureC) => ThermalBands.Next(_thresholds, current, temperatureC);

    public static bool AcceptsWork(ThermalState state) => ThermalBands.AcceptsWork(state);

    public double HeadroomC(double temperatureC) => ThermalBands.HeadroomC(_thresholds, temperatureC);
}
