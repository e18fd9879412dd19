using Aitbc.Orleans.Fleet;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace Aitbc.Orleans.Tests.Fleet;

/// <summary>
/// A GPU's state holds its times as UTC ticks and its RTT average as a plain double in memory; the stored format must
/// stay the one PostgreSQL already holds (nullable times with their offsets, a nullable RTT).
/// </summary>
public sealed class GpuStateFormatTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static readonly DateTimeOffset Registered = new(2026, 11, 30, 9, 15, 0, TimeSpan.FromHours(2));

    [Fact]
    public void A_state_written_in_the_old_shape_reads_with_its_times_and_rtt()
    {
        var stored = new StoredGpuState
        {
            Region = "eu-west",
            Online = true,
            LastHeartbeat = Registered.AddMinutes(5),
            RttEwmaMs = 0,
            RegisteredAt = Registered,
            AttestedUntil = Registered.AddHours(1),
            OfflineReason = "test",
        };

        var state = Serializer.Deserialize<GpuState>(Serializer.SerializeToArray(stored))!;

        Assert.Equal(Registered.AddMinutes(5), state.LastHeartbeat);
        Assert.Equal(Registered, state.RegisteredAt);
        Assert.Equal(Registered.AddHours(1), state.AttestedUntil);
        Assert.Equal(0.0, state.RttEwmaMs);
        Assert.Equal("eu-west", state.Region);
        Assert.True(state.Online);
        Assert.Equal("test", state.OfflineReason);
    }

    [Fact]
    public void Telemetry_held_as_values_round_trips_with_its_missing_readings()
    {
        // Temperature and memory missing (a vendor reading not taken), the clocks reported: each must come back as it went.
        var telemetry = new GpuTelemetry(null, 212.5, 87, null, 14.25, 96.5, GraphicsClockMhz: 1_905, MemoryClockMhz: null);
        var state = Serializer.Deserialize<GpuState>(Serializer.SerializeToArray(new StoredGpuState { LastTelemetry = telemetry }))!;

        Assert.Equal(telemetry, state.LastTelemetry);

        var back = Serializer.Deserialize<StoredGpuState>(Serializer.SerializeToArray(state))!;
        Assert.Equal(telemetry, back.LastTelemetry);

        // A full reading replaces every value, the missing ones included.
        var full = new GpuTelemetry(71.5, 180, 12, 8_192, 30, null);
        state.LastTelemetry = full;
        Assert.Equal(full, state.LastTelemetry);
    }

    [Fact]
    public void Absent_times_and_rtt_stay_absent_both_ways()
    {
        var fresh = Serializer.Deserialize<GpuState>(Serializer.SerializeToArray(new StoredGpuState()))!;
        Assert.Null(fresh.LastHeartbeat);
        Assert.Null(fresh.AttestedUntil);
        Assert.Null(fresh.RttEwmaMs);
        Assert.Equal(default, fresh.RegisteredAt);
        Assert.Null(fresh.LastTelemetry);

        var back = Serializer.Deserialize<StoredGpuState>(Serializer.SerializeToArray(new GpuState()))!;
        Assert.Null(back.LastHeartbeat);
        Assert.Null(back.AttestedUntil);
        Assert.Null(back.RttEwmaMs);
        Assert.Equal(default, back.RegisteredAt);
        Assert.Null(back.LastTelemetry);
    }

    [Fact]
    public void A_state_written_now_reads_in_the_old_shape()
    {
        var state = new GpuState { RegisteredAt = Registered, LastHeartbeat = Registered.AddSeconds(30), RttEwmaMs = 42.5, AttestedUntil = Registered.AddDays(1) };

        var stored = Serializer.Deserialize<StoredGpuState>(Serializer.SerializeToArray(state))!;

        Assert.Equal(Registered, stored.RegisteredAt);
        Assert.Equal(Registered.AddSeconds(30), stored.LastHeartbeat);
        Assert.Equal(42.5, stored.RttEwmaMs);
        Assert.Equal(Registered.AddDays(1), stored.AttestedUntil);

        // In memory only the instant is kept: the offset reads back as UTC, which compares equal.
        Assert.Equal(TimeSpan.Zero, state.RegisteredAt.Offset);
    }
}
