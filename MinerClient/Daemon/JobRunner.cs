using System.Collections.Concurrent;
using System.Diagnostics;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Miner.Identity;
using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Miner.Telemetry;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Models.Deployments;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Trust;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// The miner's end of the connection. Execute acknowledges at once and runs the job in the background; the result
/// (signed with the miner key) or a classified failure goes back to the job grain. The cluster's Cancel and the
/// assignment's deadline stop the ONNX Runtime run itself and free the device slot. While draining, or while the local
/// thermal guard holds a device at Critical or above, it refuses new work (the cluster routes it elsewhere); at the
/// emergency band it stops that device's jobs and hands them back. Running jobs otherwise finish or are handed back.
/// </summary>
public sealed class JobRunner(
    IGrainFactory grains,
    ModelProvider models,
    ResultSigner signer,
    PlacementAdvisor placement,
    ModelInfoCache modelInfo,
    MinerOptions options,
    ILogger<JobRunner> logger,
    TimeProvider? timeProvider = null,
    ThermalGuard? thermal = null) : IMinerObserver
{
    private readonly ConcurrentDictionary<string, MinerDevice> _devices = new(StringComparer.Ordinal);
    /// <summary>How long a result is offered to a cluster that does not take it (longer than a silo's failure detection).</summary>
    private static readonly TimeSpan ReportPatience = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MaxReportDelay = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, RigIdentity> _rigOf = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RunningJob> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abort = new();
    private readonly PrivateEvaluator _private = new();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private volatile bool _draining;

    public int Running => _running.Count;

    public long Completed => Interlocked.Read(ref _completed);

    private long _completed;
    private int _skewWarned;

    public void SetDevices(IEnumerable<MinerDevice> devices)
    {
        _devices.Clear();
        foreach (var device in devices)
        {
            _devices[device.GpuId] = device;
        }
    }

    /// <summary>The devices of every rig this process serves; each job then reports as, and signs with the key of, its GPU's rig.</summary>
    public void SetRigs(IEnumerable<MinerRig> rigs)
    {
        ArgumentNullException.ThrowIfNull(rigs);
        var all = rigs.ToArray();
        SetDevices(all.SelectMany(r => r.Devices));
        _rigOf.Clear();
        foreach (var rig in all)
        {
            foreach (var device in rig.Devices)
            {
                _rigOf[device.GpuId] = rig.Identity;
            }
        }
    }

    public Task Execute(JobAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (_draining)
        {
            throw new MinerUnavailableException("the miner is shutting down");
        }

        if (!_devices.TryGetValue(assignment.GpuId, out var device))
        {
            throw new MinerUnavailableException($"this miner has no device {assignment.GpuId}");
        }

        if (thermal?.RefusalReason(assignment.GpuId) is { } tooHot)
        {
            throw new MinerUnavailableException(tooHot);
        }

        var key = $"{assignment.JobId}#{assignment.Attempt}";
        var running = new RunningJob(assignment, _time, _abort.Token);
        if (running.DeadlineUnusable && Interlocked.Exchange(ref _skewWarned, 1) == 0)
        {
            logger.LogWarning("Job {Job}: its deadline {Deadline:O} is unusable on this miner's clock (now {Now:O}), is the clock right? " +
                              "Such deadlines are left to the cluster (logged once)",
                assignment.JobId, assignment.Deadline, _time.GetUtcNow());
        }

        if (_running.TryAdd(key, running))
        {
            running.Task = Task.Run(() => Run(device, running, key));
            return Task.CompletedTask;
        }

        // The cluster pushed again an attempt that runs here: its job grain re-pushes after a new activation or a failed
        // step, and then waits for a fresh acknowledgement. The run goes on; without a second Started the job would
        // count the attempt unacknowledged and abandon it, and slash this miner, while it runs.
        running.Dispose();
        logger.LogDebug("Job {Job} attempt {Attempt} was pushed again while it runs here; acknowledged again", assignment.JobId, assignment.Attempt);
        return Acknowledge(assignment);
    }

    private async Task Acknowledge(JobAssignment assignment)
    {
        RigIdentity.Use(await TokenFor(assignment.GpuId));
        await Grain(assignment).Started(assignment.GpuId, assignment.Attempt);
    }

    /// <summary>Stops that attempt of the job if it runs here: the ONNX Runtime run ends at its next node and frees its slot.</summary>
    public Task Cancel(string jobId, int attempt)
    {
        var found = false;
        foreach (var running in _running.Values.Where(r => r.Assignment.JobId == jobId && r.Assignment.Attempt == attempt))
        {
            found = true;
            running.CancelByCluster();
        }

        logger.LogInformation("Job {Job} attempt {Attempt} was cancelled by the cluster; {Action}", jobId, attempt, found ? "stopping its run" : "it is not running here");
        return Task.CompletedTask;
    }

    /// <summary>The local guard saw the device reach its emergency band: its running jobs stop now and go back to the cluster.</summary>
    public void StopForThermalEmergency(string gpuId)
    {
        foreach (var running in _running.Values.Where(r => r.Assignment.GpuId == gpuId))
        {
            running.StopForHeat();
        }
    }

    /// <summary>Stops taking work, waits for running jobs, and hands back whatever is still running after the timeout.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        _draining = true;
        var running = _running.Values.ToArray();
        if (running.Length == 0)
        {
            return;
        }

        logger.LogInformation("Draining: waiting up to {Timeout} for {Count} running job(s)", timeout, running.Length);
        var all = Task.WhenAll(running.Select(r => r.Task));
        if (await Task.WhenAny(all, Task.Delay(timeout)) != all)
        {
            await _abort.CancelAsync();
            foreach (var assignment in _running.Values.Select(r => r.Assignment))
            {
                RigIdentity.Use(await TokenFor(assignment.GpuId));
                await Grain(assignment).Fail(new JobFailure(assignment.JobId, assignment.Attempt, assignment.GpuId, ErrorClass.RetryElsewhere, "miner shut down before the job finished"));
            }
        }
    }

    private IJobGrain Grain(JobAssignment a) => grains.Grain<IJobGrain>(a.JobId);

    /// <summary>
    /// Delivers a result or failure through a passing fault: the job's grain may be moving to another silo (its silo
    /// died) or its storage may be down for a moment, and a report lost here would leave the job to its execution
    /// timeout and the work to be done twice. Complete and Fail are idempotent per attempt, so a repeat is harmless.
    /// </summary>
    private async Task Report(Func<Task> call, JobAssignment assignment)
    {
        var patience = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException or SessionInvalidException
                && patience.Elapsed < ReportPatience && !_abort.IsCancellationRequested)
            {
                logger.LogInformation("Job {Job}: the cluster did not take the report yet ({Error}); again in {Delay}", assignment.JobId, ex.Message, delay);
                await Task.Delay(delay, CancellationToken.None);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReportDelay.Ticks));
            }
        }
    }

    /// <summary>The token of the GPU's rig (null: the process's own), for <see cref="RigIdentity.Use"/> by the calling method.</summary>
    private async ValueTask<string?> TokenFor(string gpuId) => _rigOf.TryGetValue(gpuId, out var rig) ? await rig.TokenAsync() : null;

    private async Task Run(MinerDevice device, RunningJob running, string key)
    {
        var assignment = running.Assignment;
        var job = Grain(assignment);
        DeferredAcknowledgement? acknowledgement = null;
        try
        {
            RigIdentity.Use(await TokenFor(assignment.GpuId));
            acknowledgement = await DeferredAcknowledgement.StartAsync(
                _time, DeferredAcknowledgement.WindowFor(TimeSpan.FromMilliseconds(options.AcknowledgeAfterMs), assignment.AcknowledgeWithin),
                () => Acknowledge(assignment), logger, assignment.JobId);
            // Acknowledged by Started once the run outlasts the window, else by its report. Started is one-way (the
            // cluster may never hear it): this line is the rig's own record that the run began.
            // Debug: a busy rig runs hundreds of jobs a second, and a console line each costs more than the job.
            logger.LogDebug("Job {Job} attempt {Attempt} running on {Gpu}", assignment.JobId, assignment.Attempt, assignment.GpuId);
            var (outputs, provider, queueMs, loadMs, inferenceMs) = assignment.JobType == JobType.PrivateInference
                ? await EvaluatePrivate(assignment, running.Token)
                : device.Engine is null
                    ? await Synthetic(assignment, running.Token)
                    : await Infer(device, assignment, running.Token);
            var signature = (_rigOf.TryGetValue(assignment.GpuId, out var rig) ? rig.Signer : signer).Sign(assignment.JobId, outputs);
            var result = new JobResult(
                assignment.JobId, assignment.Attempt, assignment.GpuId, outputs, provider, queueMs, loadMs, inferenceMs,
                Convert.ToBase64String(signature.Signature));
            acknowledgement?.Settle();
            await Report(() => job.Complete(result), assignment);
            Interlocked.Increment(ref _completed);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // DrainAsync hands these back.
            return;
        }
        catch (OperationCanceledException) when (running.CancelledByCluster)
        {
            // The cluster has ended the job already; nothing is reported and nobody is paid.
            logger.LogInformation("Job {Job} on {Gpu} stopped after the cluster cancelled it", assignment.JobId, assignment.GpuId);
        }
        catch (Exception ex)
        {
            var deadline = ex is OperationCanceledException && running.DeadlinePassed;
            var heat = ex is OperationCanceledException && running.StoppedForHeat;
            var errorClass = ex switch
            {
                _ when deadline || heat => ErrorClass.RetryElsewhere,
                InferenceInputException => ErrorClass.Fatal,
                InferenceOutputException { TooLarge: false } => ErrorClass.Fatal,
                InferenceOutputException or ModelLoadException or InvalidDataException => ErrorClass.RetryElsewhere,
                _ => ErrorClass.RetrySame,
            };
            var message = deadline ? $"stopped on the miner: the execution deadline {assignment.Deadline:O} passed"
                : heat ? $"stopped on the miner: {assignment.GpuId} reached its thermal emergency band"
                : ex.Message;
            logger.LogWarning("Job {Job} on {Gpu} failed ({Class}): {Error}", assignment.JobId, assignment.GpuId, errorClass, message);
            try
            {
                var failure = new JobFailure(assignment.JobId, assignment.Attempt, assignment.GpuId, errorClass, message);
                acknowledgement?.Settle();
                await Report(() => job.Fail(failure), assignment);
            }
            catch (Exception report)
            {
                logger.LogWarning("Could not report the failure of {Job}: {Error}", assignment.JobId, report.Message);
            }
        }
        finally
        {
            acknowledgement?.Dispose();
            _running.TryRemove(key, out _);
            running.Dispose();
        }
    }

    private async Task<(IReadOnlyDictionary<string, TensorData>, string, double, double, double)> Infer(
        MinerDevice device, JobAssignment assignment, CancellationToken cancellationToken)
    {
        var fetch = Stopwatch.StartNew();
        // The variant the cluster chose for this GPU (fp32 unless the model only fits quantized, or the job pinned one).
        var fetched = await models.GetAsync(
            assignment.ModelId, assignment.Precision, assignment.VariantSha256, assignment.VariantSizeBytes, cancellationToken);
        var info = fetched.Info;
        var model = InferenceModel.FromFile(
            fetched.Path, fetched.Sha256, VariantTag(assignment.Precision), new ModelSignature([.. info.Inputs], [.. info.Outputs]));
        var fetchMs = fetch.Elapsed.TotalMilliseconds;
        var engine = await placement.EngineFor(device, model, BatchOf(assignment.Inputs), cancellationToken);
        var result = await engine.RunAsync(model, assignment.Inputs, cancellationToken);
        return (result.Outputs, result.Provider, result.Timings.QueueWait.TotalMilliseconds,
            fetchMs + result.Timings.ModelLoad.TotalMilliseconds, result.Timings.Inference.TotalMilliseconds);
    }

    private static string VariantTag(Fleet.Profiles.Precision precision) => precision switch
    {
        Fleet.Profiles.Precision.Fp16 => InferenceModel.Fp16,
        Fleet.Profiles.Precision.Int8 => InferenceModel.Int8,
        _ => InferenceModel.DefaultVariant,
    };

    /// <summary>
    /// A deployment's prefetch: acknowledged at once; the variant is fetched into the cache in the background (a
    /// simulated device has no model to hold and reports ready), then the deployment hears ready or why not.
    /// </summary>
    public Task Prefetch(ModelPrefetch prefetch)
    {
        ArgumentNullException.ThrowIfNull(prefetch);
        if (!_devices.TryGetValue(prefetch.GpuId, out var device))
        {
            throw new MinerUnavailableException($"this miner has no device {prefetch.GpuId}");
        }

        _ = Task.Run(async () =>
        {
            string? error = null;
            try
            {
                if (!device.Registration.Simulated)
                {
                    await models.GetAsync(prefetch.ModelId, prefetch.Precision, prefetch.VariantSha256, prefetch.VariantSizeBytes, _abort.Token);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Prefetch of {Model} for {Gpu} failed: {Error}", prefetch.ModelId, prefetch.GpuId, ex.Message);
                error = ex.Message;
            }

            try
            {
                RigIdentity.Use(await TokenFor(prefetch.GpuId));
                await grains.Grain<IModelDeploymentGrain>(prefetch.DeploymentId).Report(prefetch.GpuId, error is null, error);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The deployment shows the target as failed once its patience runs out.
                logger.LogWarning("Could not report the prefetch of {Model} for {Gpu}: {Error}", prefetch.ModelId, prefetch.GpuId, ex.Message);
            }
        });
        return Task.CompletedTask;
    }

    /// <summary>The models this miner holds ready, newest first (the heartbeat reports them: the cluster prefers warm GPUs).</summary>
    public IReadOnlyList<string> WarmModels() => models.WarmModels();

    /// <summary>
    /// A private job: evaluated on ciphertexts on this machine's CPU whatever the device (a simulated GPU included: the
    /// work is real), so the model is never downloaded; the plan came with the assignment.
    /// </summary>
    private async Task<(IReadOnlyDictionary<string, TensorData>, string, double, double, double)> EvaluatePrivate(
        JobAssignment assignment, CancellationToken cancellationToken)
    {
        var (outputs, prepareMs, evaluateMs) = await _private.RunAsync(assignment, cancellationToken);
        return (outputs, PrivateEvaluator.ExecutionProvider, 0, prepareMs, evaluateMs);
    }

    /// <summary>A simulated device: waits the configured delay and answers zeros in the model's output shapes.</summary>
    private async Task<(IReadOnlyDictionary<string, TensorData>, string, double, double, double)> Synthetic(
        JobAssignment assignment, CancellationToken cancellationToken)
    {
        var info = await modelInfo.GetAsync(assignment.ModelId)
            ?? throw new InvalidDataException($"model {assignment.ModelId} is not registered");
        var delay = options.SyntheticDelayMs ?? 0;
        if (delay > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delay), _time, cancellationToken);
        }

        var batch = BatchOf(assignment.Inputs);
        var outputs = info.Outputs.ToDictionary(
            o => o.Name,
            o =>
            {
                var shape = o.Shape.Select((d, i) => d >= 0 ? d : i == 0 ? batch : 1).ToArray();
                var count = shape.Aggregate(1L, (a, b) => a * b);
                return new TensorData(o.ElementType, shape, new byte[count * o.ElementType.SizeInBytes()]);
            },
            StringComparer.Ordinal);
        return (outputs, "Synthetic", 0, 0, delay);
    }

    private static int BatchOf(IReadOnlyDictionary<string, TensorData> inputs) =>
        inputs.Values.Select(t => t.Shape.Length > 0 ? (int)Math.Clamp(t.Shape[0], 1, int.MaxValue) : 1).DefaultIfEmpty(1).Max();
}
