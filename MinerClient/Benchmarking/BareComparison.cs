using System.Diagnostics;
using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Benchmarking;

/// <summary>
/// Issue #18's same-run benchmark: bare ONNX Runtime with IOBinding against the engine, per model and batch, in one
/// process with the same provider options. Runs are interleaved (bare, lease, job; then rotated), so load from other
/// processes on a shared machine falls on all three alike; each figure is a median, each ratio one against the bare
/// median of the same run. Every run writes its input afresh into the bound buffer, timed for all three alike. Throughput at 1 and 2 runs in flight shows whether a second run overlaps the first.
/// </summary>
public sealed class BareComparison(ExecutionProviderSelector selector, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<BareComparison>();

    public async Task<BareComparisonReport> RunAsync(BareComparisonOptions options, CancellationToken cancellationToken = default)
    {
        var selection = selector.Select(options.Device, options.DeviceId);
        var report = new BareComparisonReport(selection, options);
        // Bare never captures CUDA graphs: with the engine's graphs on, the ratio is then the graphs' gain or loss.
        var bareCuda = options.Cuda.WithCudaGraphs(false);
        if (options.Ceiling)
        {
            try
            {
                report.Ceiling = MeasureCeiling(selection, options, bareCuda);
            }
            catch (Exception ex) when (ex is Microsoft.ML.OnnxRuntime.OnnxRuntimeException or InvalidOperationException)
            {
                _logger.LogWarning("The matmul ceiling is not measured: {Reason}", ex.Message);
            }
        }

        foreach (var name in options.Models)
        {
            var model = BenchmarkModels.Create(name, options.Precision);
            _logger.LogInformation("Comparing {Model} on {Provider}", model, selection.Provider);
            using var bare = new BareRunner(model, selection, bareCuda, options.IntraOpThreads);
            using var engine = new InferenceEngine(
                new InferenceEngineOptions
                {
                    DeviceHint = options.Device,
                    DeviceId = options.DeviceId,
                    MaxConcurrency = Math.Max(1, options.Concurrency.DefaultIfEmpty(1).Max()),
                    IntraOpThreads = options.IntraOpThreads,
                    Cuda = options.Cuda,
                    MaxOutputBytes = long.MaxValue,
                },
                selector, loggers.CreateLogger<InferenceEngine>());
            var inferenceModel = InferenceModel.FromBytes(model.Bytes, options.Precision);
            foreach (var batch in options.Batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = await CompareAsync(_logger, model, batch, bare, engine, inferenceModel, options, cancellationToken);
                report.Rows.Add(row);
                if (batch >= options.ConcurrencyFromBatch)
                {
                    // Enough runs per worker that starting the threads is noise: about a quarter of the batch's budget.
                    var runsPerWorker = (int)Math.Clamp(options.SecondsPerBatch * 1000 / 4 / row.BareMs, options.MinIterations, 1_000_000);
                    foreach (var concurrency in options.Concurrency)
                    {
                        report.Concurrency.Add(MeasureConcurrency(model, batch, concurrency, runsPerWorker / concurrency, bare, engine, inferenceModel, options));
                    }
                }
            }
        }

        return report;
    }

    private static string Spread(List<double> sorted) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{sorted[0]:G4} / {Median(sorted):G4} / {sorted[^1]:G4}");

    private static async Task<ComparisonRow> CompareAsync(
        ILogger logger, BenchmarkModel model, int batch, BareRunner bare, InferenceEngine engine, InferenceModel inferenceModel,
        BareComparisonOptions options, CancellationToken cancellationToken)
    {
        var input = RandomInput(model, batch, options.Seed);
        using var bareHost = bare.Bind(batch, input, BareIo.Host);
        using var bareDevice = bare.Cuda ? TryBindDevice(logger, bare, batch, input) : null;
        var inputs = new Dictionary<string, TensorData>(StringComparer.Ordinal)
        {
            [model.InputName] = new TensorData(model.ElementType, [batch, model.InputWidth], input),
        };
        long[][] shapes = [[batch, model.InputWidth]];

        var paths = new Func<Task<double>>[]
        {
            () => Task.FromResult(Time(() =>
            {
                input.CopyTo(bareHost.Input); // a new input each run, as the lease and the job get
                bareHost.Run();
            })),
            () => Task.FromResult(Time(() => LeaseRun(engine, inferenceModel, shapes, input))),
            async () =>
            {
                var started = Stopwatch.GetTimestamp();
                await engine.RunAsync(inferenceModel, inputs, cancellationToken);
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            },
        };

        // Warm-up: session creation, bindings, arena growth and kernel selection stay out of the figures.
        foreach (var path in paths)
        {
            await path();
            await path();
        }

        var estimate = Math.Max(Time(bareHost.Run), 1e-3);
        var iterations = (int)Math.Clamp(Math.Ceiling(options.SecondsPerBatch * 1000 / (3 * estimate)), options.MinIterations, options.MaxIterations);
        var samples = paths.Select(_ => new List<double>(iterations)).ToArray();
        for (var i = 0; i < iterations; i++)
        {
            for (var k = 0; k < paths.Length; k++)
            {
                var index = (i + k) % paths.Length; // rotate the order so no path always runs right after another
                samples[index].Add(await paths[index]());
            }
        }

        double? deviceMedian = null;
        if (bareDevice is not null)
        {
            bareDevice.Run();
            deviceMedian = Median(Enumerable.Range(0, iterations).Select(_ => Time(bareDevice.Run)).ToList());
        }

        var row = new ComparisonRow(model.Name, model.Precision, batch, iterations,
            Median(samples[0]), Median(samples[1]), Median(samples[2]), deviceMedian, model.FlopsPerRow * batch);
        logger.LogInformation("{Model} batch {Batch}, {Runs} runs each: bare {Bare}, lease {Lease}, job {Job} (min / median / max ms)",
            model.Name, batch, iterations, Spread(samples[0]), Spread(samples[1]), Spread(samples[2]));
        return row;
    }

    private static BareBinding? TryBindDevice(ILogger logger, BareRunner bare, int batch, byte[] input)
    {
        try
        {
            return bare.Bind(batch, input, BareIo.Device);
        }
        catch (Exception ex) when (ex is Microsoft.ML.OnnxRuntime.OnnxRuntimeException or InvalidOperationException)
        {
            logger.LogWarning("Bare with device-resident I/O is not measured: {Reason}", ex.Message);
            return null;
        }
    }

    /// <summary>What a job does with a lease: write its inputs into the pooled buffer, run, read the outputs there.</summary>
    private static void LeaseRun(InferenceEngine engine, InferenceModel model, long[][] shapes, byte[] input)
    {
        var pending = engine.AcquireAsync(model, shapes);
        using var lease = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        input.CopyTo(lease.Input(0));
        lease.Run();
        _ = lease.Output(0)[0];
    }

    private static ConcurrencyRow MeasureConcurrency(
        BenchmarkModel model, int batch, int concurrency, int runsPerWorker, BareRunner bare, InferenceEngine engine,
        InferenceModel inferenceModel, BareComparisonOptions options)
    {
        var input = RandomInput(model, batch, options.Seed);
        long[][] shapes = [[batch, model.InputWidth]];
        runsPerWorker = Math.Max(options.MinIterations, runsPerWorker);
        var bindings = Enumerable.Range(0, concurrency).Select(_ => bare.Bind(batch, input, BareIo.Host)).ToArray();
        try
        {
            foreach (var binding in bindings)
            {
                binding.Run();
            }

            Action<int> bareRun = worker =>
            {
                input.CopyTo(bindings[worker].Input);
                bindings[worker].Run();
            };
            Action<int> leaseRun = _ => LeaseRun(engine, inferenceModel, shapes, input);
            Parallel.For(0, concurrency, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, bareRun); // warm-up:
            Parallel.For(0, concurrency, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, leaseRun); // 2nd binding

            // Two halves in the order bare, engine, engine, bare: a load that drifts during the measurement weighs on both.
            var half = Math.Max(1, runsPerWorker / 2);
            var bare1 = Wall(concurrency, half, bareRun);
            var engine1 = Wall(concurrency, half, leaseRun);
            var engine2 = Wall(concurrency, half, leaseRun);
            var bare2 = Wall(concurrency, half, bareRun);
            var rows = 2.0 * concurrency * half * batch;
            return new ConcurrencyRow(model.Name, batch, concurrency, rows / (bare1 + bare2).TotalSeconds, rows / (engine1 + engine2).TotalSeconds);
        }
        finally
        {
            foreach (var binding in bindings)
            {
                binding.Dispose();
            }
        }
    }

    /// <summary>Wall time of <paramref name="workers"/> threads each running <paramref name="runsPerWorker"/> runs at once.</summary>
    private static TimeSpan Wall(int workers, int runsPerWorker, Action<int> run)
    {
        var started = Stopwatch.GetTimestamp();
        var threads = Enumerable.Range(0, workers).Select(worker => new Thread(() =>
        {
            for (var i = 0; i < runsPerWorker; i++)
            {
                run(worker);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return Stopwatch.GetElapsedTime(started);
    }

    private CeilingResult MeasureCeiling(ExecutionProviderSelection selection, BareComparisonOptions options, CudaProviderSettings cuda)
    {
        var size = options.CeilingSize > 0 ? options.CeilingSize : selection.IsCpu ? 1024 : 8192;
        // fp16 has no fast CPU kernels; the CPU ceiling is an fp32 one.
        var precision = selection.IsCpu ? InferenceModel.Fp32 : options.Precision;
        var model = BenchmarkModels.MatMul(size, precision);
        using var runner = new BareRunner(model, selection, cuda, options.IntraOpThreads);
        using var binding = runner.Bind(size, RandomInput(model, size, options.Seed), runner.Cuda ? BareIo.Device : BareIo.Host);
        binding.Run();
        binding.Run();
        var samples = Enumerable.Range(0, Math.Max(options.MinIterations, 10)).Select(_ => Time(binding.Run)).ToList();
        var median = Median(samples);
        var result = new CeilingResult(size, precision, median, model.FlopsPerRow * size / (median * 1e-3) / 1e12);
        _logger.LogInformation("Matmul ceiling {Size}^3 {Precision}: {Ms:F3} ms, {Tflops:F1} TFLOP/s", size, precision, median, result.Tflops);
        return result;
    }

    private static byte[] RandomInput(BenchmarkModel model, int batch, int seed)
    {
        var random = new Random(seed + batch);
        var count = batch * model.InputWidth;
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return model.ElementType == TensorElementType.Float16
            ? TensorData.FromHalves(Array.ConvertAll(values, v => (Half)v), count).Data
            : TensorData.FromFloats(values, count).Data;
    }

    private static double Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        var middle = samples.Count / 2;
        return samples.Count % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2;
    }
}
