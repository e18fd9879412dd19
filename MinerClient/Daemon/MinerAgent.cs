using System.Diagnostics;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Miner.Attestation;
using Aitbc.Orleans.Miner.Identity;
using Aitbc.Orleans.Miner.Telemetry;
using Aitbc.Orleans.Operations;
using Aitbc.Orleans.Trust;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// The daemon's lifecycle: register each rig it serves (this machine, or a simulated fleet's rigs) with the rig's key
/// and the job connection, poll the vendor tools (which feeds the local thermal guard, connected or not), heartbeat the
/// latest readings with the measured cluster RTT and bandwidth every interval (one call per rig carrying all its GPUs),
/// register a rig again whenever the cluster has lost its session (silo restart) or a call failed (network), attest
/// each rig after it registers and before its attestation expires (<see cref="RigAttestation"/>), and on stop drain
/// running jobs and deregister. It never gives up while the daemon runs. Two loops serve every rig (heartbeats on their
/// period, registrations beside them): no timer per GPU.
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
    BandwidthProbe? probe = null,
    RigAttestation? attestation = null) : BackgroundService, IHostedLifecycleService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>How soon a rig whose session was lost is registered again.</summary>
    private static readonly TimeSpan RegistrationPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Rigs registering at once (a large simulated fleet must not flood the cluster at start), and the fleet size above
    /// which a heartbeat round is spread over the interval.
    /// </summary>
    private const int RigParallelism = 32;

    private IReadOnlyList<MinerRig> _rigs = [];
    private readonly object _drainLock = new();
    private IMinerObserver? _reference;
    private Task? _drained;
    private int _registrations;

    /// <summary>The last measured cluster round trip (ms), NaN until the first; the heartbeat loop measures it each round.</summary>
    private double _rtt = double.NaN;

    public string MinerId { get; } = options.MinerId ?? DefaultMinerId(identity);

    /// <summary>"miner-" and the first 16 hex digits of the identity key's fingerprint (what enrolment assigns by default).</summary>
    public static string DefaultMinerId(MinerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return "miner-" + identity.Fingerprint[..16];
    }

    /// <summary>The rigs this process serves (one unless it simulates a fleet).</summary>
    public IReadOnlyList<MinerRig> Rigs => _rigs;

    /// <summary>Every rig is registered with the cluster.</summary>
    public bool Registered => _rigs.Count > 0 && _rigs.All(r => r.Registered);

    /// <summary>Registrations made so far, all rigs together.</summary>
    public int Registrations => Volatile.Read(ref _registrations);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _rigs = await inventory.BuildAsync(MinerId, renewal, cancellationToken);
        runner.SetRigs(_rigs);
        telemetry.OnEmergency = runner.StopForThermalEmergency;
        await telemetry.PollAsync(cancellationToken);
        telemetry.Start();
        _reference = grains.CreateObjectReference<IMinerObserver>(runner);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var probing = probe is not null && options.BandwidthProbeIntervalSeconds > 0
            ? probe.RunAsync(TimeSpan.FromSeconds(options.BandwidthProbeIntervalSeconds), TimeProvider.System, stoppingToken)
            : Task.CompletedTask;
        // Two loops: heartbeats keep their period while registrations (slow, and thousands at once when a simulated fleet
        // starts or a silo restarts) go on beside them. In one round-based loop a long registration round delayed the
        // heartbeats of the rigs registered first past the cluster's offline limit, which then dropped them: churn.
        try
        {
            await Task.WhenAll(HeartbeatLoop(stoppingToken), RegistrationLoop(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await probing;
    }

    /// <summary>
    /// Every heartbeat interval, one heartbeat per registered rig (spread over the interval for a fleet of rigs, and not
    /// held back by slow answers: <see cref="HeartbeatRound{TRig}"/>); the interval runs from the round's start.
    /// </summary>
    private async Task HeartbeatLoop(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var rounds = new HeartbeatRound<MinerRig>(TimeProvider.System);
        while (!stoppingToken.IsCancellationRequested)
        {
            var round = Stopwatch.StartNew();
            try
            {
                var rtt = await MeasureClusterRtt();
                Volatile.Write(ref _rtt, rtt);
                backoff = TimeSpan.FromSeconds(1);
                var registered = _rigs.Where(r => r.Registered).ToArray();
                var skipped = await rounds.RunAsync(registered, options.HeartbeatInterval, RigParallelism, async (rig, ct) => await Beat(rig, rtt, TimeSpan.FromSeconds(1), ct), stoppingToken);
                if (skipped > 0)
                {
                    // The cluster counts missed heartbeats by time: answers this slow will have it drop rigs that are alive.
                    logger.LogWarning("{Skipped} of {Rigs} rig(s) skipped a heartbeat: their previous one was still unanswered after a round ({Interval})", skipped, registered.Length, options.HeartbeatInterval);
                }

                await Delay(options.HeartbeatInterval - round.Elapsed, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                foreach (var rig in _rigs)
                {
                    rig.Registered = false;
                }

                logger.LogWarning("Cluster unreachable ({Error}); retrying in {Backoff}", ex.Message, backoff);
                await Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>Registers every rig the cluster does not know (at start, after a lost session or a failed call), backing off while calls fail.</summary>
    private async Task RegistrationLoop(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = RigParallelism, CancellationToken = stoppingToken };
        while (!stoppingToken.IsCancellationRequested)
        {
            var pending = _rigs.Where(r => !r.Registered).ToArray();
            var failed = 0;
            if (pending.Length > 0)
            {
                await Parallel.ForEachAsync(pending, parallel, async (rig, ct) =>
                {
                    if (!await Enlist(rig, backoff, ct))
                    {
                        Interlocked.Increment(ref failed);
                    }
                });
            }

            // A fleet that registered waits a little for the next lost session; failures back off.
            await Delay(failed > 0 ? backoff : RegistrationPoll, stoppingToken);
            backoff = failed > 0 ? TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks)) : TimeSpan.FromSeconds(1);
        }
    }

    private static Task Delay(TimeSpan wait, CancellationToken stoppingToken) =>
        wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);

    /// <summary>Registers one rig; false (logged) when it could not, to be tried again after the backoff.</summary>
    private async ValueTask<bool> Enlist(MinerRig rig, TimeSpan backoff, CancellationToken stoppingToken)
    {
        try
        {
            RigIdentity.Use(await rig.Identity.TokenAsync());
            await Register(rig, grains.Grain<IMinerGrain>(rig.MinerId));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            await Failed(rig, ex, backoff, stoppingToken);
            return false;
        }

        // The first readings follow the registration at once, as the cluster expects them, not a heartbeat round later.
        var rtt = Volatile.Read(ref _rtt);
        if (double.IsNaN(rtt))
        {
            try
            {
                rtt = await MeasureClusterRtt();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The heartbeat loop will measure and report it.
                return true;
            }
        }

        // A heartbeat that fails right after its registration fails the enlistment: the loop backs off before the next
        // registration instead of registering again every poll (a cluster that refuses the heartbeat outright, such as
        // one older than this daemon, would otherwise take several registrations a second from every rig).
        return await Beat(rig, rtt, backoff, stoppingToken);
    }

    /// <summary>
    /// One rig's heartbeat with all its GPUs; a rig whose session the cluster lost, or whose heartbeat failed, goes back
    /// to registration (false).
    /// </summary>
    private async ValueTask<bool> Beat(MinerRig rig, double rtt, TimeSpan retryIn, CancellationToken stoppingToken)
    {
        try
        {
            RigIdentity.Use(await rig.Identity.TokenAsync());
            var warm = runner.WarmModels();
            var heartbeats = rig.Devices.Select(d =>
            {
                var reading = d.Telemetry();
                return new GpuHeartbeat(
                    d.GpuId, reading with { ClusterRttMs = rtt, BandwidthMBps = bandwidth.MBps ?? reading.BandwidthMBps }, d.Registration.Simulated ? null : warm);
            }).ToArray();
            if (!await Heartbeat(rig, heartbeats))
            {
                logger.LogWarning("The cluster lost the session of miner {Miner}; registering again", rig.MinerId);
                rig.Registered = false;
                return false;
            }

            if (attestation is not null)
            {
                await attestation.AttestIfDueAsync(rig, stoppingToken);
            }

            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            await Failed(rig, ex, retryIn, stoppingToken);
            return false;
        }
    }

    /// <summary>
    /// Straight to the rig's GPU shard, which keeps its session: one grain call per heartbeat. A cluster older than that
    /// lets no client call the shard; the rig then heartbeats its miner grain as older daemons did (a cluster that knows
    /// both forwards that call to the shard), so a fleet may upgrade before its cluster.
    /// </summary>
    private async Task<bool> Heartbeat(MinerRig rig, GpuHeartbeat[] heartbeats)
    {
        if (!rig.HeartbeatsMinerGrain)
        {
            try
            {
                return await grains.Grain<IGpuShardGrain>(rig.MinerId).Heartbeat(heartbeats);
            }
            catch (CallDeniedException ex)
            {
                rig.HeartbeatsMinerGrain = true;
                logger.LogWarning("Miner {Miner}: the cluster refused the heartbeat to its GPU shard ({Error}); heartbeating its miner grain, as before the one-call heartbeat", rig.MinerId, ex.Message);
            }
        }

        return await grains.Grain<IMinerGrain>(rig.MinerId).Heartbeat(heartbeats);
    }

    /// <summary>A call for this rig failed: it registers again (after enrolling again if the cluster forgot its enrolment).</summary>
    private async Task Failed(MinerRig rig, Exception ex, TimeSpan backoff, CancellationToken stoppingToken)
    {
        rig.Registered = false;
        if (ex is MinerNotEnrolledException && rig.Renew is not null)
        {
            logger.LogWarning("{Error}; enrolling miner {Miner} again", ex.Message, rig.MinerId);
            try
            {
                await rig.Renew(stoppingToken);
            }
            catch (Exception renewal) when (renewal is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Miner {Miner} could not enrol again ({Error}); retrying in {Backoff}", rig.MinerId, renewal.Message, backoff);
            }

            return;
        }

        if (ex is SessionInvalidException)
        {
            rig.Identity.Session?.Invalidate();
        }

        logger.LogWarning("Miner {Miner}: cluster call failed ({Error}); retrying in {Backoff}", rig.MinerId, ex.Message, backoff);
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
        await Parallel.ForEachAsync(_rigs, new ParallelOptions { MaxDegreeOfParallelism = RigParallelism }, async (rig, ct) =>
        {
            try
            {
                RigIdentity.Use(await rig.Identity.TokenAsync());
                await grains.Grain<IMinerGrain>(rig.MinerId).Deregister().WaitAsync(TimeSpan.FromSeconds(10), ct);
            }
            catch (Exception ex)
            {
                logger.LogWarning("Miner {Miner} could not deregister: {Error}", rig.MinerId, ex.Message);
            }
        });
        logger.LogInformation("{Rigs} rig(s) deregistered after {Completed} job(s)", _rigs.Count, runner.Completed);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task StopAsync(CancellationToken cancellationToken) => DrainAndDeregisterAsync();

    /// <summary>Registers a rig with a fresh cluster challenge, signed with the identity key the rig was enrolled with.</summary>
    private async Task Register(MinerRig rig, IMinerGrain miner)
    {
        var challenge = await grains.Grain<IClusterAccessGrain>(0).GetChallenge();
        var owner = rig.MinerId == MinerId ? options.OwnerAccountId : null;
        var registration = new MinerRegistration(
            rig.MinerId, owner ?? LedgerAccounts.ForMiner(rig.MinerId), rig.Identity.Key.PublicKeyBase64,
            rig.Devices.Select(d => d.Registration with { MinerId = rig.MinerId }).ToArray(),
            typeof(MinerAgent).Assembly.GetName().Version?.ToString() ?? "dev", options.Simulate > 0);
        await miner.Register(MinerRegistrationPayload.Sign(registration, challenge.Value, rig.Identity.Key.Sign), _reference!);
        rig.Registered = true;
        rig.HeartbeatsMinerGrain = false;
        attestation?.Registered(rig);
        var n = Interlocked.Increment(ref _registrations);
        logger.LogInformation("Miner {Miner} registered {Count} device(s) (registration #{N})", rig.MinerId, rig.Devices.Count, n);
    }

    /// <summary>
    /// The round trip from this rig to a cluster grain over its Orleans connection (gateway silo and back): the rig's link
    /// to the cluster, as the least of a few pings (<see cref="ClusterRoundTrip"/>).
    /// </summary>
    private Task<double> MeasureClusterRtt() => ClusterRoundTrip.MeasureAsync(() => grains.Grain<IPingGrain>(0).Ping(0), TimeProvider.System);
}
