using System.Collections.Concurrent;
using System.Diagnostics;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Miner.Identity;
using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// The miner's end of the connection. Execute acknowledges at once and runs the job in the background; the result
/// (signed with the miner key) or a classified failure goes back to the job grain. While draining it refuses new work,
/// so the cluster routes it elsewhere, and it lets running jobs finish or hands them back.
/// </summary>
public sealed class JobRunner(
    IGrainFactory grains,
    ModelProvider models,
    ResultSigner signer,
    PlacementAdvisor placement,
    ModelInfoCache modelInfo,
    MinerOptions options,
    ILogger<JobRunner> logger) : IMinerObserver
{
    private readonly ConcurrentDictionary<string, MinerDevice> _devices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Task Task, JobAssignment Assignment)> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abort = new();
    private volatile bool _draining;

    public int Running => _running.Count;

    public long Completed => Interlocked.Read(ref _completed);

    private long _completed;

    public void SetDevices(IEnumerable<MinerDevice> devices)
    {
        _devices.Clear();
        foreach (var device in devices)
        {
            _devices[device.GpuId] = device;
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

        var key = $"{assignment.JobId}#{assignment.Attempt}";
        _running.GetOrAdd(key, _ => (Task.Run(() => Run(device, assignment, key)), assignment));
        return Task.CompletedTask;
    }

    public Task Cancel(string jobId, int attempt)
    {
        logger.LogInformation("Job {Job} attempt {Attempt} was cancelled by the cluster; its result will be ignored", jobId, attempt);
        return Task.CompletedTask;
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
            foreach (var (_, assignment) in _running.Values)
            {
                await Grain(assignment).Fail(new JobFailure(assignment.JobId, assignment.Attempt, assignment.GpuId, ErrorClass.RetryElsewhere, "miner shut down before the job finished"));
            }
        }
    }

    private IJobGrain Grain(JobAssignment a) => grains.GetGrain<IJobGrain>(a.JobId);

    private async Task Run(MinerDevice device, JobAssignment assignment, string key)
    {
        var job = Grain(assignment);
        try
        {
            await job.Started(assignment.GpuId, assignment.Attempt);
            var (outputs, provider, queueMs, loadMs, inferenceMs) = device.Engine is null
                ? await Synthetic(assignment)
                : await Infer(device, assignment);
            var signature = signer.Sign(assignment.JobId, outputs);
            await job.Complete(new JobResult(
                assignment.JobId, assignment.Attempt, assignment.GpuId, outputs, provider, queueMs, loadMs, inferenceMs,
                Convert.ToBase64String(signature.Signature)));
            Interlocked.Increment(ref _completed);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // DrainAsync hands these back.
            return;
        }
        catch (Exception ex)
        {
            var errorClass = ex switch
            {
                InferenceInputException => ErrorClass.Fatal,
                ModelLoadException or InvalidDataException => ErrorClass.RetryElsewhere,
                _ => ErrorClass.RetrySame,
            };
            logger.LogWarning("Job {Job} on {Gpu} failed ({Class}): {Error}", assignment.JobId, assignment.GpuId, errorClass, ex.Message);
            try
            {
                await job.Fail(new JobFailure(assignment.JobId, assignment.Attempt, assignment.GpuId, errorClass, ex.Message));
            }
            catch (Exception report)
            {
                logger.LogWarning("Could not report the failure of {Job}: {Error}", assignment.JobId, report.Message);
            }
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }

    private async Task<(IReadOnlyDictionary<string, TensorData>, string, double, double, double)> Infer(MinerDevice device, JobAssignment assignment)
    {
        var fetch = Stopwatch.StartNew();
        var (info, path) = await models.GetAsync(assignment.ModelId, _abort.Token);
        var model = InferenceModel.FromFile(path, info.Sha256);
        var fetchMs = fetch.Elapsed.TotalMilliseconds;
        var engine = await placement.EngineFor(device, model, BatchOf(assignment.Inputs), _abort.Token);
        var result = await engine.RunAsync(model, assignment.Inputs, _abort.Token);
        return (result.Outputs, result.Provider, result.Timings.QueueWait.TotalMilliseconds,
            fetchMs + result.Timings.ModelLoad.TotalMilliseconds, result.Timings.Inference.TotalMilliseconds);
    }

    /// <summary>A simulated device: waits the configured delay and answers zeros in the model's output shapes.</summary>
    private async Task<(IReadOnlyDictionary<string, TensorData>, string, double, double, double)> Synthetic(JobAssignment assignment)
    {
        var info = await modelInfo.GetAsync(assignment.ModelId)
            ?? throw new InvalidDataException($"model {assignment.ModelId} is not registered");
        var delay = options.SyntheticDelayMs ?? 0;
        if (delay > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delay), _abort.Token);
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
