using Aitbc.Orleans.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// A cluster whose silos can be killed like processes: grain state and reminders live outside the silos (as they do
/// in PostgreSQL in production), so a kill loses activations, timers and messages in flight, and nothing durable.
/// Three silos; watchdogs (and bookings' reminders) tick every two seconds; jobs wait for capacity rather than fail, and time out after ten
/// seconds of execution (or sooner when a test moves the fake clock).
/// </summary>
public class CrashClusterFixture : ClusterFixture
{
    /// <summary>Grain state every silo of the fixture shares, as a database is shared: a killed silo takes none of it along.</summary>
    private readonly GrainStateRows _rows = new();
    private readonly SharedReminderTable _reminders = new();

    public static readonly TimeSpan WatchdogPeriod = TimeSpan.FromSeconds(2);

    /// <summary>The reminders every silo shares, as the database table is shared: tests read which a grain has.</summary>
    public SharedReminderTable Reminders => _reminders;

    protected override short Silos => 3;

    protected override void ConfigureStorage(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var rows = _rows;
        silo.Services.AddGrainStorage("shared", (sp, _) => new LocalGrainStorage(sp.GetRequiredService<Serializer>(), rows));
        AddFaultyGuardedStorage(silo, "shared");
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(_reminders);
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
    }

    protected override void ConfigureJobs(Aitbc.Orleans.Jobs.JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.WatchdogPeriod = WatchdogPeriod;
        options.BookingCheckInterval = WatchdogPeriod;
        options.QueueTimeout = TimeSpan.FromHours(1);
        options.ExecutionTimeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>Kills the silo that hosts <paramref name="grain"/> (its activation, timers and in-flight messages die with it) and starts a fresh one.</summary>
    public async Task KillHostOf(IAddressable grain)
    {
        var address = await Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        var silo = Cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(address)) ?? Cluster.Silos[^1];
        await Cluster.KillSiloAsync(silo);
        await Cluster.StartAdditionalSiloAsync();
        await Cluster.WaitForLivenessToStabilizeAsync(didKill: true);
    }
}
