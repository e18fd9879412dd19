using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Dashboard;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// The Orleans Dashboard, with its metrics reader at an interval of ours (<see cref="IntervalSetting"/>, 5 s unless set).
/// Orleans.Dashboard 10.4.2 observes every instrument of the Orleans meter once a second on a reader of its own, and two
/// of those instruments visit every activation and every entry of the directory cache. At 100,000 GPUs (67,000
/// activations) one such read took 35–105 ms, 4–10 % of a core on each silo, whether or not anyone had the dashboard
/// open. The interval is <c>DashboardHost.ExportIntervalMilliseconds</c>, internal and set by nothing public, so this
/// builds the host itself and sets it; a package whose host no longer has it stops the silo at start, so that an update
/// is looked at again rather than silently reading every second.
/// </summary>
public static class DashboardMetricsReader
{
    /// <summary>How often the dashboard's counters are read (a TimeSpan, e.g. "00:00:05").</summary>
    public const string IntervalSetting = "Aitbc:Dashboard:MetricsInterval";

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    public static ISiloBuilder AddAitbcDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return silo.AddAitbcDashboard(configuration.GetValue(IntervalSetting, DefaultInterval));
    }

    public static ISiloBuilder AddAitbcDashboard(this ISiloBuilder silo, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (interval < TimeSpan.FromMilliseconds(100) || interval > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, $"{IntervalSetting} must be between 100 ms and an hour");
        }

        silo.AddDashboard();
        var (host, exportInterval) = DashboardHost();
        silo.Services.Replace(ServiceDescriptor.Singleton(host, services =>
        {
            var built = ActivatorUtilities.CreateInstance(services, host);
            exportInterval.SetValue(built, (int)interval.TotalMilliseconds);
            return built;
        }));
        return silo;
    }

    /// <summary>The dashboard's host type and its interval property, or an error naming what this package lacks.</summary>
    private static (Type Host, PropertyInfo ExportInterval) DashboardHost()
    {
        const string hostName = "Orleans.Dashboard.DashboardHost";
        const string propertyName = "ExportIntervalMilliseconds";
        var host = typeof(DashboardOptions).Assembly.GetType(hostName);
        var property = host?.GetProperty(propertyName, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        if (host is null || property is null || property.PropertyType != typeof(int) || property.SetMethod is null)
        {
            throw new InvalidOperationException(
                $"{typeof(DashboardOptions).Assembly.GetName()} has no settable int {hostName}.{propertyName}: the dashboard's metrics interval " +
                $"cannot be set (see {nameof(DashboardMetricsReader)})");
        }

        return (host, property);
    }
}
