namespace Aitbc.Orleans.Fleet.Thermal;

/// <summary>
/// Thermal bands with hysteresis: a rising reading moves up as soon as it reaches a threshold; a falling reading moves
/// down only once it is HysteresisC below the threshold it crosses, so a sensor hovering at 75 °C does not flap.
/// </summary>
public sealed class ThermalStateMachine(FleetOptions options)
{
    public ThermalState Next(ThermalState current, double temperatureC)
    {
        var raw = Band(temperatureC, 0);
        if (raw >= current)
        {
            return raw;
        }

        var falling = Band(temperatureC, options.HysteresisC);
        return falling < current ? falling : current;
    }

    private ThermalState Band(double t, double margin) =>
        t >= options.ShutdownC - margin ? ThermalState.Shutdown
        : t >= options.CriticalC - margin ? ThermalState.Critical
        : t >= options.WarningC - margin ? ThermalState.Warning
        : ThermalState.Normal;

    public static bool AcceptsWork(ThermalState state) => state is ThermalState.Normal or ThermalState.Warning;

    public double HeadroomC(double temperatureC) => Math.Max(0, options.CriticalC - temperatureC);
}
