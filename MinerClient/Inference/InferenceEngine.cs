using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// Runs ONNX models on one device. Loaded sessions live in an LRU cache with a memory budget, keyed by (model sha256,
/// variant, provider); each keeps IOBindings per input shape whose buffers are pooled (pinned host memory on CUDA),
/// so ONNX Runtime reads inputs and writes outputs in place and a steady-state run allocates nothing. Inputs are
/// checked against the model's signature before anything reaches ONNX Runtime, outputs against the signature and a
/// byte cap after. At most <see cref="InferenceEngineOptions.MaxConcurrency"/> runs (session creation included) use
/// the device at once; cancelling a run stops ONNX Runtime at its next node and frees the slot.
/// </summary>
public sealed class InferenceEngine : IDisposable
{
    private readonly InferenceEngineOptions _options;
    private readonly ILogger<InferenceEngine> _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly SessionCache _sessions;
    private readonly LoadedSessionLimits _limits;
    private int _inFlight;
    private int _peakInFlight;
    private long _cancelledRuns;
    private int _allocatorWarned;
    private bool _disposed;

    public InferenceEngine(
        InferenceEngineOptions options,
        ExecutionProviderSelector selector,
        ILogger<InferenceEngine> logger,
        TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxShapesPerModel, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SessionsPerModel);
        _options = options;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        Selection = selector.Select(options.DeviceHint, options.DeviceId);
        _sessions = new SessionCache(options.SessionMemoryBudgetBytes, logger);
        var graphs = Selection.Provider == ExecutionProviderSelector.Cuda && options.Cuda.CudaGraphs;
        _limits = new LoadedSessionLimits(options.MaxOutputBytes, options.MaxShapesPerModel, graphs ? new Lock() : null);
    }

    /// <summary>The provider this engine uses, and the reason when it is not the one requested.</summary>
    public ExecutionProviderSelection Selection { get; }

    public string Provider => Selection.Provider;

    public int MaxConcurrency => _options.MaxConcurrency;

    /// <summary>Sessions per model on this device (see <see cref="InferenceEngineOptions.SessionsPerModel"/>).</summary>
    public int SessionsPerModel => ReplicasFor(Selection, _limits.GraphGate is not null);

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Most runs ever observed on the device at once (never above <see cref="MaxConcurrency"/>).</summary>
    public int PeakInFlight => Volatile.Read(ref _peakInFlight);

    /// <summary>Runs stopped by cancellation or a deadline since the engine started.</summary>
    public long CancelledRuns => Interlocked.Read(ref _cancelledRuns);

    public int CachedSessionCount => _sessions.Count;

    /// <summary>Estimated memory of the loaded sessions and their pooled buffers.</summary>
    public long CachedSessionBytes => _sessions.Footprint;

    /// <summary>Opens (or reuses) the model's session and returns its input/output signature.</summary>
    public async Task<ModelSignature> GetSignatureAsync(InferenceModel model, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Loading takes device memory like a run does, so it waits for a slot too.
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var (session, _) = await Task.Run(() => _sessions.Acquire(Key(model), () => Load(model)), cancellationToken);
            session.Release();
            return session.Signature;
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// A device slot and a pooled binding of <paramref name="model"/> for these input shapes (in signature order),
    /// waiting for a slot if all are busy. The caller fills the inputs, runs and reads the outputs, then disposes the
    /// lease. When the model is loaded and the shape has run before, this completes synchronously and allocates nothing.
    /// </summary>
    public ValueTask<InferenceLease> AcquireAsync(
        InferenceModel model, IReadOnlyList<long[]> inputShapes, CancellationToken cancellationToken = default)
    {
        // The steady state (a free slot, the session loaded) stays synchronous and builds no state machine, so it
        // allocates nothing in any build configuration.
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_slots.Wait(0, CancellationToken.None))
        {
            return AcquireSlowlyAsync(model, inputShapes, haveSlot: false, cancellationToken);
        }

        EnterRun();
        LoadedSession? session;
        try
        {
            session = _sessions.TryAcquire(Key(model));
        }
        catch
        {
            ExitRun();
            throw;
        }

        return session is null
            ? AcquireSlowlyAsync(model, inputShapes, haveSlot: true, cancellationToken)
            : new ValueTask<InferenceLease>(Lease(session, model, inputShapes));
    }

    /// <summary>Runs a job's inputs: they are copied into the pooled inputs, and the outputs out into the result.</summary>
    public async Task<InferenceResult> RunAsync(
        InferenceModel model,
        IReadOnlyDictionary<string, TensorData> inputs,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var queued = _time.GetTimestamp();
        await _slots.WaitAsync(cancellationToken);
        var queueWait = _time.GetElapsedTime(queued);
        EnterRun();
        try
        {
            return await Task.Run(() => RunOnThisThread(model, inputs, queueWait, cancellationToken), cancellationToken);
        }
        finally
        {
            ExitRun();
        }
    }

    /// <summary>Drops and closes a cached session, e.g. when the model file is evicted; a run using it finishes first.</summary>
    public bool Evict(InferenceModel model) => _sessions.Evict(Key(model));

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sessions.Dispose();
        _slots.Dispose();
    }

    /// <summary>Called by <see cref="InferenceLease.Dispose"/>.</summary>
    internal void Release(ShapeBinding binding)
    {
        binding.Generation++;
        var session = binding.Owner;
        session.Return(binding);
        session.Release();
        ExitRun();
    }

    private InferenceResult RunOnThisThread(
        InferenceModel model, IReadOnlyDictionary<string, TensorData> inputs, TimeSpan queueWait, CancellationToken cancellationToken)
    {
        var loadStarted = _time.GetTimestamp();
        var (session, cacheHit) = _sessions.TryAcquire(Key(model)) is { } loaded ? (loaded, true) : _sessions.Acquire(Key(model), () => Load(model));
        var modelLoad = cacheHit ? TimeSpan.Zero : _time.GetElapsedTime(loadStarted);
        try
        {
            var errors = session.Signature.FindInputErrors(inputs, _options.MaxElementsPerTensor);
            if (errors.Count > 0)
            {
                throw new InferenceInputException(model.ToString(), errors);
            }

            var specs = session.Signature.Inputs;
            var shapes = new long[specs.Length][];
            for (var i = 0; i < specs.Length; i++)
            {
                shapes[i] = inputs[specs[i].Name].Shape;
            }

            var binding = Rent(session, shapes);
            try
            {
                var started = _time.GetTimestamp();
                for (var i = 0; i < specs.Length; i++)
                {
                    inputs[specs[i].Name].Data.CopyTo(binding.Input(i));
                }

                binding.Run(cancellationToken);
                var outputs = binding.CopyOutputs();
                var inference = _time.GetElapsedTime(started);
                return new InferenceResult(outputs, session.Provider, new InferenceTimings(queueWait, modelLoad, inference), cacheHit);
            }
            catch (OperationCanceledException)
            {
                CountCancelled();
                throw;
            }
            finally
            {
                session.Return(binding);
            }
        }
        finally
        {
            session.Release();
        }
    }

    private async ValueTask<InferenceLease> AcquireSlowlyAsync(
        InferenceModel model, IReadOnlyList<long[]> inputShapes, bool haveSlot, CancellationToken cancellationToken)
    {
        if (!haveSlot)
        {
            await _slots.WaitAsync(cancellationToken);
            EnterRun();
        }

        LoadedSession session;
        try
        {
            session = _sessions.TryAcquire(Key(model))
                ?? (await Task.Run(() => _sessions.Acquire(Key(model), () => Load(model)), cancellationToken)).Session;
        }
        catch
        {
            ExitRun();
            throw;
        }

        return Lease(session, model, inputShapes);
    }

    /// <summary>A lease on a referenced session and a held slot; gives both back if the shapes cannot run.</summary>
    private InferenceLease Lease(LoadedSession session, InferenceModel model, IReadOnlyList<long[]> inputShapes)
    {
        try
        {
            if (session.FindShapeError(inputShapes, _options.MaxElementsPerTensor) is { } error)
            {
                throw new InferenceInputException(model.ToString(), [error]);
            }

            return new InferenceLease(this, Rent(session, inputShapes));
        }
        catch
        {
            session.Release();
            ExitRun();
            throw;
        }
    }

    /// <summary>Called by <see cref="InferenceLease.Run"/> when a run was cancelled.</summary>
    internal void CountCancelled() => Interlocked.Increment(ref _cancelledRuns);

    private ShapeBinding Rent(LoadedSession session, IReadOnlyList<long[]> shapes)
    {
        var binding = session.Rent(shapes, out var created);
        if (created)
        {
            // New buffers count against the memory budget.
            _sessions.Trim(keep: session);
        }

        return binding;
    }

    private void EnterRun()
    {
        var now = Interlocked.Increment(ref _inFlight);
        var peak = Volatile.Read(ref _peakInFlight);
        while (now > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakInFlight, now, peak);
            if (seen == peak)
            {
                break;
            }

            peak = seen;
        }
    }

    private void ExitRun()
    {
        Interlocked.Decrement(ref _inFlight);
        _slots.Release();
    }

    private SessionKey Key(InferenceModel model) => new(model.Sha256, model.Variant, Selection.Provider);

    private LoadedSession Load(InferenceModel model)
    {
        try
        {
            return Open(model, Selection, _limits.GraphGate is not null);
        }
        catch (OnnxRuntimeException ex) when (_limits.GraphGate is not null)
        {
            // CUDA graphs need every node on the GPU; a model with a node elsewhere still runs on CUDA without them.
            _logger.LogWarning("Model {Model} cannot use CUDA graphs, running it on {Provider} without: {Reason}", model, Selection.Provider, ex.Message);
            return LoadWithoutGraphs(model);
        }
    }

    private LoadedSession LoadWithoutGraphs(InferenceModel model)
    {
        try
        {
            return Open(model, Selection, graphs: false);
        }
        catch (OnnxRuntimeException ex) when (!Selection.IsCpu)
        {
            // The provider works but not for this model (device memory, an op it rejects): run this model on CPU.
            // A model that CPU cannot open either is simply broken, which the CPU attempt reports.
            var cpu = new ExecutionProviderSelection(Selection.Requested, ExecutionProviderSelector.Cpu, 0, ex.Message);
            var session = Open(model, cpu, graphs: false);
            _logger.LogWarning("Model {Model} could not be opened on {Provider}, running it on CPU: {Reason}", model, Selection.Provider, ex.Message);
            return session;
        }
    }

    /// <summary>One session on the CPU and with CUDA graphs (one stream by design); else one per concurrent run, at most 2 unless configured.</summary>
    private int ReplicasFor(ExecutionProviderSelection selection, bool graphs) =>
        selection.IsCpu || graphs ? 1 : _options.SessionsPerModel > 0 ? _options.SessionsPerModel : Math.Min(_options.MaxConcurrency, 2);

    private LoadedSession Open(InferenceModel model, ExecutionProviderSelection selection, bool graphs)
    {
        var modelBytes = model.SizeBytes;
        var cuda = selection.Provider == ExecutionProviderSelector.Cuda;
        graphs &= cuda;
        var replicas = ReplicasFor(selection, graphs);
        var cudaSettings = graphs == _options.Cuda.CudaGraphs ? _options.Cuda : _options.Cuda.WithCudaGraphs(graphs);
        using var sessionOptions = ExecutionProviderSelector.CreateSessionOptions(selection, _options.IntraOpThreads, cudaSettings, modelBytes);
        var opened = new List<SessionReplica>(replicas);
        try
        {
            for (var i = 0; i < replicas; i++)
            {
                var session = CreateSession(model, sessionOptions, selection);
                opened.Add(new SessionReplica(session, i, cuda, selection.DeviceId, graphs));
                if (opened[i].AllocatorProblem is { } problem && Interlocked.Exchange(ref _allocatorWarned, 1) == 0)
                {
                    _logger.LogWarning("Model {Model} on {Provider}: {Problem}; buffers stay in plain host memory", model, selection.Provider, problem);
                }
            }

            var first = opened[0].Session;
            var inputs = ReadSpecs(first.InputNames, first.InputMetadata, "input");
            var outputs = ReadSpecs(first.OutputNames, first.OutputMetadata, "output");
            var signature = new ModelSignature(inputs, outputs);
            var outputSpecs = SignatureMatch.Merge(signature, model.DeclaredSignature, model.ToString());
            var loaded = new LoadedSession(
                opened.ToArray(), signature, outputSpecs,
                Symbols(first.InputNames, first.InputMetadata), Symbols(first.OutputNames, first.OutputMetadata),
                selection.Provider, modelBytes, graphs ? _limits : _limits with { GraphGate = null });
            _logger.LogInformation("Loaded model {Model} on {Provider} ({Replicas} session(s)): {Signature}", model, selection.Provider, replicas, signature);
            return loaded;
        }
        catch
        {
            foreach (var replica in opened)
            {
                replica.Dispose();
            }

            throw;
        }
    }

    private static InferenceSession CreateSession(InferenceModel model, SessionOptions options, ExecutionProviderSelection selection)
    {
        try
        {
            return model.Bytes is not null
                ? new InferenceSession(model.Bytes, options)
                : new InferenceSession(model.FilePath ?? throw new ModelLoadException($"Model {model} has neither bytes nor a path."), options);
        }
        catch (OnnxRuntimeException ex) when (selection.IsCpu)
        {
            throw new ModelLoadException($"ONNX Runtime could not load model {model}: {ex.Message}", ex);
        }
    }

    private static TensorSpec[] ReadSpecs(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata, string kind)
    {
        var specs = new TensorSpec[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            var meta = metadata[name];
            var elementType = meta.IsTensor ? OrtTensorTypes.FromOrt(meta.ElementDataType) : null;
            if (elementType is null)
            {
                throw new ModelLoadException(
                    $"Model {kind} '{name}' is {(meta.IsTensor ? meta.ElementDataType.ToString() : meta.OnnxValueType.ToString())}, " +
                    "which jobs cannot carry (supported: float32, float16, float64, int64, int32, int8, uint8, bool tensors).");
            }

            specs[i] = new TensorSpec(name, elementType.Value, meta.Dimensions.Select(d => d < 0 ? TensorSpec.DynamicDimension : (long)d).ToArray());
        }

        return specs;
    }

    /// <summary>The names of symbolic dimensions ("batch"), "" where a dimension has none.</summary>
    private static string[][] Symbols(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        names.Select(n => metadata[n].SymbolicDimensions.Select(s => s ?? "").ToArray()).ToArray();
}
