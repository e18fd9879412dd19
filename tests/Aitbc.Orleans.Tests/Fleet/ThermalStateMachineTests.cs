using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Thermal;

namespace Aitbc.Orleans.Tests.Fleet;

public sealed class ThermalStateMachineTests
{
    private readonly ThermalStateMachine _machine = new(new FleetOptions());

    [Theory]
    [InlineData(74.9, ThermalState.Normal)]
    [InlineData(75.0, ThermalState.Warning)]
    [InlineData(84.9, ThermalState.Warning)]
    [InlineData(85.0, ThermalState.Critical)]
    [InlineData(95.0, ThermalState.Shutdown)]
    public void Rising_readings_move_up_at_the_thresholds(double t, ThermalState expected) =>
        Assert.Equal(expected, _machine.Next(ThermalState.Normal, t));

    [Theory]
    [InlineData(ThermalState.Normal)]
    [InlineData(ThermalState.Critical)]
    [InlineData(ThermalState.Shutdown)]
    public void A_missing_reading_is_unknown_and_leaves_the_band_where_it_was(ThermalState from)
    {
        Assert.Equal(from, _machine.Next(from, null));
        Assert.Equal(from, _machine.Next(from, double.NaN));
    }

    [Theory]
    [InlineData(ThermalState.Warning, 73.0, ThermalState.Warning)]
    [InlineData(ThermalState.Warning, 72.1, ThermalState.Warning)]
    [InlineData(ThermalState.Warning, 71.9, ThermalState.Normal)]
    [InlineData(ThermalState.Critical, 83.0, ThermalState.Critical)]
    [InlineData(ThermalState.Critical, 81.9, ThermalState.Warning)]
    [InlineData(ThermalState.Critical, 60.0, ThermalState.Normal)]
    [InlineData(ThermalState.Shutdown, 92.5, ThermalState.Shutdown)]
    [InlineData(ThermalState.Shutdown, 91.9, ThermalState.Critical)]
    public void Falling_readings_need_the_hysteresis_margin(ThermalState from, double t, ThermalState expected) =>
        Assert.Equal(expected, _machine.Next(from, t));

    [Fact]
    public void A_reading_hovering_around_a_threshold_does_not_flap()
    {
        var state = ThermalState.Normal;
        var transitions = 0;
        foreach (var t in new[] { 74.6, 75.2, 74.8, 75.1, 74.4, 75.3, 74.9, 73.5, 75.0, 74.2 })
        {
            var next = _machine.Next(state, t);
            transitions += next != state ? 1 : 0;
            state = next;
        }

        Assert.Equal(1, transitions);
        Assert.Equal(ThermalState.Warning, state);
    }

    [Theory]
    [InlineData(ThermalState.Normal, true)]
    [InlineData(ThermalState.Warning, true)]
    [InlineData(ThermalState.Critical, false)]
    [InlineData(ThermalState.Shutdown, false)]
    public void Only_normal_and_warning_accept_work(ThermalState state, bool accepts) =>
        Assert.Equal(accepts, ThermalStateMachine.AcceptsWork(state));
}
