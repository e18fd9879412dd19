using System.Diagnostics;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Miner.Identity;
using Aitbc.Orleans.Miner.Telemetry;
using Aitbc.Orleans.Operations;
using Aitbc.Orleans.Trust;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// The daemon's lifecycle: register the devices with the miner key and the job connection, poll the vendor tools
/// (which feeds the local thermal guard, connected or not), heartbeat the latest readings with the measured cluster RTT
/// and bandwidth every interval, register again whenever the cluster has lost the session (silo restart) or a call failed (network),
/// and on stop drain running jobs and deregister. It never gives up while the daemon runs.
/// </summary>
public sealed class MinerAgent(
    IGrainFactory grains,
    MinerIdentity identity,
    DeviceInventory inventory,
    JobRunner runner,
    TelemetryMonitor telemetry,
    BandwidthMeter bandwidth,
    MinerOptions options,
    ILogger<MinerAgent> logger,
    IEnrollmentRenewal? renewal = null,
    BandwidthProbe? probe = null) : BackgroundService, IHostedLifecycleService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private IReadOnlyList<MinerDevice> _devices = [];
    private readonly object _drainLock = new();
    private IMinerObserver? _reference;
    private Task? _drained;

    public string MinerId { get; } = options.MinerId ?? DefaultMinerId(identity);

    /// <summary>"miner-" and the first 16 hex digits of the identity key's fingerprint (what enrolment assigns by default).</summary>
    public static string DefaultMinerId(MinerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return "miner-" + identity.Fingerprint[..16];
    }

    public bool Registered { get; private set; }

    public int Registrations { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _devices = await inventory.BuildAsync(MinerId, cancellationToken);
        runner.SetDevices(_devices);
        telemetry.OnEmergency = runner.StopForThermalEmergency;
        await telemetry.PollAsync(cancellationToken);
        telemetry.Start();
        _reference = grains.CreateObjectReference<IMinerObserver>(runner);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var miner = grains.GetGrain<IMinerGrain>(MinerId);
        var probing = probe is not null && options.BandwidthProbeIntervalSeconds > 0
            ? probe.RunAsync(TimeSpan.FromSeconds(options.BandwidthProbeIntervalSeconds), TimeProvider.System, stoppingToken)
            : Task.CompletedTask;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!Registered)
                {
                    await Register(miner);
                }

                var rtt = await MeasureClusterRtt();
                var heartbeats = _devices.Select(d =>
                {
                    var reading = d.Telemetry();
                    return new GpuHeartbeat(d.GpuId, reading with { ClusterRttMs = rtt, BandwidthMBps = bandwidth.MBps ?? reading.BandwidthMBps });
                }).ToArray();
                if (!await miner.Heartbeat(heartbeats))
                {
                    logger.LogWarning("The cluster lost this miner's session; registering again");
                    Registered = false;
                    continue;
                }

                backoff = TimeSpan.FromSeconds(1);
                await Task.Delay(options.HeartbeatInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await probing;
                return;
            }
            catch (MinerNotEnrolledException ex) when (renewal is not null)
            {
                Registered = false;
                logger.LogWarning("{Error}; enrolling again", ex.Message);
                if (!await renewal.RenewAsync(stoppingToken))
                {
                    await Task.Delay(backoff, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
            catch (Exception ex)
            {
                Registered = false;
                logger.LogWarning("Cluster unreachable ({Error}); retrying in {Backoff}", ex.Message, backoff);
                await Task.Delay(backoff, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }

        await probing;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Drains and deregisters in the host's "stopping" phase, which runs before any hosted service stops: the Orleans
    /// client must still be connected to return the last results and hand back what could not finish.
    /// </summary>
    public Task StoppingAsync(CancellationToken cancellationToken) => DrainAndDeregisterAsync();

    /// <summary>Refuses new work, lets running jobs finish (or hands them back at the timeout), stops heartbeating and deregisters. Runs once.</summary>
    public Task DrainAndDeregisterAsync()
    {
        lock (_drainLock)
        {
            return _drained ??= Drain();
        }
    }

    private async Task Drain()
    {
        await runner.DrainAsync(TimeSpan.FromSeconds(options.DrainTimeoutSeconds));
        await base.StopAsync(CancellationToken.None);
        await telemetry.StopAsync();
        try
        {
            await grains.GetGrain<IMinerGrain>(MinerId).Deregister().WaitAsync(TimeSpan.FromSeconds(10));
            logger.LogInformation("Miner {Miner} deregistered after {Completed} job(s)", MinerId, runner.Completed);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Could not deregister: {Error}", ex.Message);
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task StopAsync(CancellationToken cancellationToken) => DrainAndDeregisterAsync();

    /// <summary>Registers with a fresh cluster challenge, signed with the identity key the miner was enrolled with.</summary>
    private async Task Register(IMinerGrain miner)
    {
        var challenge = await grains.GetGrain<IClusterAccessGrain>(0).GetChallenge();
        var registration = new MinerRegistration(
            MinerId, options.OwnerAccountId ?? LedgerAccounts.ForMiner(MinerId), identity.PublicKeyBase64,
            _devices.Select(d => d.Registration with { MinerId = MinerId }).ToArray(),
            typeof(MinerAgent).Assembly.GetName().Version?.ToString() ?? "dev", options.Simulate > 0);
        await miner.Register(MinerRegistrationPayload.Sign(registration, challenge.Value, identity.Sign), _reference!);
        Registered = true;
        Registrations++;
        logger.LogInformation("Miner {Miner} registered {Count} device(s) (registration #{N})", MinerId, _devices.Count, Registrations);
    }

    /// <summary>The round trip from this rig to a cluster grain over its Orleans connection (gateway silo and back): the rig's link to the cluster.</summary>
    private async Task<double> MeasureClusterRtt()
    {
        var watch = Stopwatch.StartNew();
        await grains.GetGrain<IPingGrain>(0).Ping(0);
        return watch.Elapsed.TotalMilliseconds;
    }
}
