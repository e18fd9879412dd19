using Aitbc.Orleans.Silo.Hosting;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Tests.Hosting;

/// <summary>
/// The dashboard reads the Orleans meter's instruments, two of which visit every activation, at the interval the silo
/// is given, not every second: watched through a gauge of our own on that meter, which only the dashboard's reader
/// observes in these silos.
/// </summary>
public sealed class DashboardMetricsReaderTests
{
    [Fact]
    public async Task The_dashboard_observes_the_Orleans_meter_at_the_interval_it_is_given()
    {
        // 3 s of each: 250 ms gives about 12 reads, and Orleans.Dashboard's own 1 s would give 3; 30 s gives none.
        var watched = TimeSpan.FromSeconds(3);
        var often = await ObservationsOver(TimeSpan.FromMilliseconds(250), watched);
        var seldom = await ObservationsOver(TimeSpan.FromSeconds(30), watched);

        Assert.True(often >= 6, $"the dashboard read the meter {often} times in 3 s at a 250 ms interval");
        Assert.Equal(0, seldom);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(2 * 60 * 60 * 1000)]
    public void An_interval_outside_100_ms_to_an_hour_is_refused(int milliseconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Host.CreateApplicationBuilder().UseOrleans(silo => silo.AddAitbcDashboard(TimeSpan.FromMilliseconds(milliseconds))));
        Assert.Contains(DashboardMetricsReader.IntervalSetting, error.Message, StringComparison.Ordinal);
    }

    private static async Task<int> ObservationsOver(TimeSpan interval, TimeSpan watched)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(LoopbackPorts.Next(), LoopbackPorts.Next(), serviceId: "dashboard-test", clusterId: $"dashboard-{Guid.NewGuid():N}")
            .AddMemoryGrainStorageAsDefault()
            .AddAitbcDashboard(interval));
        using var host = builder.Build();
        var observations = 0;
        host.Services.GetRequiredService<OrleansInstruments>().Meter.CreateObservableGauge(
            "aitbc-test-dashboard-reads", () => Interlocked.Increment(ref observations));
        await host.StartAsync();
        try
        {
            var start = Volatile.Read(ref observations);
            await Task.Delay(watched);
            return Volatile.Read(ref observations) - start;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
