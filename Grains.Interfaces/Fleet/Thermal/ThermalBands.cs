namespace Aitbc.Orleans.Fleet.Thermal;

/// <summary>
/// Thermal bands with hysteresis, shared by the cluster's state machine and the miner's local guard: a rising reading
/// moves up as soon as it reaches a threshold; a falling reading moves down only once it is HysteresisC below the
/// threshold it crosses, so a sensor hovering at 75 °C does not flap. A missing reading (null or NaN) is unknown and
/// leaves the band where it was: it is neither cool nor hot.
/// </summary>
public static class ThermalBands
{
    public static ThermalState Next(ThermalThresholds thresholds, ThermalState current, double? temperatureC)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (temperatureC is not { } t || double.IsNaN(t))
        {
            return current;
        }

        var raw = Band(thresholds, t, 0);
        if (raw >= current)
        {
            return raw;
        }

        var falling = Band(thresholds, t, thresholds.HysteresisC);
        return falling < current ? falling : current;
    }

    /// <summary>Normal and Warning take new work; Critical takes none; Shutdown (the emergency band) stops what runs.</summary>
    public static bool AcceptsWork(ThermalState state) => state is ThermalState.Normal or ThermalState.Warning;

    public static double HeadroomC(ThermalThresholds thresholds, double temperatureC)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return Math.Max(0, thresholds.CriticalC - temperatureC);
    }

    private static ThermalState Band(ThermalThresholds t, double reading, double margin) =>
        reading >= t.ShutdownC - margin ? ThermalState.Shutdown
        : reading >= t.CriticalC - margin ? ThermalState.Critical
        : reading >= t.WarningC - margin ? ThermalState.Warning
        : ThermalState.Normal;
}
