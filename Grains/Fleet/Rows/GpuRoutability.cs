using Aitbc.Orleans.Fleet.Thermal;

namespace Aitbc.Orleans.Fleet.Rows;

/// <summary>Whether a GPU may take new work, and if not the first reason why.</summary>
internal static class GpuRoutability
{
    /// <summary>Every reason a GPU may not take new work, first match wins; null means routable.</summary>
    public static string? NotRoutableReason(GpuState state, DateTimeOffset now, FleetOptions options)
    {
        var reg = state.Registration;
        if (reg is null)
        {
            return "not registered";
        }

        if (!state.Online)
        {
            return "offline";
        }

        if (!ThermalStateMachine.AcceptsWork(state.Thermal))
        {
            return $"thermal {state.Thermal.ToString().ToLowerInvariant()}";
        }

        if (state.IntegrityBlock is { } blocked)
        {
            return $"blocked by verification: {blocked}";
        }

        if (reg.Pool == PoolKind.Edge && !state.StakeSufficient)
        {
            return "stake below minimum";
        }

        if (reg.Schedule is not null && !reg.Schedule.IsOpen(now))
        {
            return "outside availability schedule";
        }

        var last = state.Telemetry;
        if (reg.PowerBudgetWatts is { } budget && (last.PowerWatts ?? 0) > budget)
        {
            return "over power budget";
        }

        if (last.BandwidthMBps is > 0 and var bandwidth && bandwidth < options.BandwidthFloorMBps)
        {
            return "bandwidth below floor";
        }

        if (last.ClusterRttMs is { } rtt && rtt >= options.LatencyPenaltyMs)
        {
            return "latency penalty";
        }

        return null;
    }
}
