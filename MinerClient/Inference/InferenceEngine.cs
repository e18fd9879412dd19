using System.Collections.Concurrent;
using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// Runs ONNX models on one device. Sessions are cached per (model sha256, variant, provider); inputs are checked
/// against the model's signature before anything reaches ONNX Runtime; at most
/// <see cref="InferenceEngineOptions.MaxConcurrency"/> runs (session creation included) use the device at once.
/// </summary>
public sealed class InferenceEngine : IDisposable
{
    private readonly InferenceEngineOptions _options;
    private readonly ILogger<InferenceEngine> _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<SessionKey, Lazy<LoadedSession>> _sessions = new();
    private int _inFlight;
    private int _peakInFlight;
    private bool _disposed;

    public InferenceEngine(
        InferenceEngineOptions options,
        ExecutionProviderSelector selector,
        ILogger<InferenceEngine> logger,
        TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1);
        _options = options;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        Selection = selector.Select(options.DeviceHint, options.DeviceId);
    }

    /// <summary>The provider this engine uses, and the reason when it is not the one requested.</summary>
    public ExecutionProviderSelection Selection { get; }

    public string Provider => Selection.Provider;

    public int MaxConcurrency => _options.MaxConcurrency;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Most runs ever observed on the device at once (never above <see cref="MaxConcurrency"/>).</summary>
    public int PeakInFlight => Volatile.Read(ref _peakInFlight);

    public int CachedSessionCount => _sessions.Count(s => s.Value.IsValueCreated);

    /// <summary>Opens (or reuses) the model's session and returns its input/output signature.</summary>
    public async Task<ModelSignature> GetSignatureAsync(InferenceModel model, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Loading takes device memory like a run does, so it waits for a slot too.
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var (session, _) = await Task.Run(() => GetOrLoad(model), cancellationToken);
            return session.Signature;
        }
        finally
        {
            _slots.Release();
        }
    }

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
            return await Task.Run(
                () =>
                {
                    var loadStarted = _time.GetTimestamp();
                    var (session, cacheHit) = GetOrLoad(model);
                    var modelLoad = cacheHit ? TimeSpan.Zero : _time.GetElapsedTime(loadStarted);

                    var errors = session.Signature.FindInputErrors(inputs, _options.MaxElementsPerTensor);
                    if (errors.Count > 0)
                    {
                        throw new InferenceInputException(model.ToString(), errors);
                    }

                    var inferenceStarted = _time.GetTimestamp();
                    var outputs = Run(session, inputs, cancellationToken);
                    var inference = _time.GetElapsedTime(inferenceStarted);
                    return new InferenceResult(outputs, session.Provider, new InferenceTimings(queueWait, modelLoad, inference), cacheHit);
                },
                cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _slots.Release();
        }
    }

    /// <summary>Drops and disposes a cached session, e.g. when the model file is evicted. Only call when no run uses it.</summary>
    public bool Evict(InferenceModel model)
    {
        if (_sessions.TryRemove(Key(model), out var lazy) && lazy.IsValueCreated)
        {
            lazy.Value.Dispose();
            return true;
        }

        return false;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var lazy in _sessions.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }

        _sessions.Clear();
        _slots.Dispose();
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

    private SessionKey Key(InferenceModel model) => new(model.Sha256, model.Variant, Selection.Provider);

    private (LoadedSession Session, bool CacheHit) GetOrLoad(InferenceModel model)
    {
        var key = Key(model);
        var lazy = _sessions.GetOrAdd(key, _ => new Lazy<LoadedSession>(() => Load(model), LazyThreadSafetyMode.ExecutionAndPublication));
        var cacheHit = lazy.IsValueCreated;
        try
        {
            return (lazy.Value, cacheHit);
        }
        catch
        {
            // Do not cache failures: the next job may bring a repaired file or a working provider.
            _sessions.TryRemove(new KeyValuePair<SessionKey, Lazy<LoadedSession>>(key, lazy));
            throw;
        }
    }

    private LoadedSession Load(InferenceModel model)
    {
        try
        {
            return Open(model, Selection);
        }
        catch (OnnxRuntimeException ex) when (!Selection.IsCpu)
        {
            // The provider works but not for this model (device memory, an op it rejects): run this model on CPU.
            // A model that CPU cannot open either is simply broken, which the CPU attempt reports.
            var cpu = new ExecutionProviderSelection(Selection.Requested, ExecutionProviderSelector.Cpu, 0, ex.Message);
            var session = Open(model, cpu);
            _logger.LogWarning("Model {Model} could not be opened on {Provider}, running it on CPU: {Reason}", model, Selection.Provider, ex.Message);
            return session;
        }
    }

    private LoadedSession Open(InferenceModel model, ExecutionProviderSelection selection)
    {
        using var sessionOptions = ExecutionProviderSelector.CreateSessionOptions(selection, _options.IntraOpThreads);
        InferenceSession session;
        try
        {
            session = model.Bytes is not null
                ? new InferenceSession(model.Bytes, sessionOptions)
                : new InferenceSession(model.FilePath ?? throw new ModelLoadException($"Model {model} has neither bytes nor a path."), sessionOptions);
        }
        catch (OnnxRuntimeException ex) when (selection.IsCpu)
        {
            throw new ModelLoadException($"ONNX Runtime could not load model {model}: {ex.Message}", ex);
        }

        try
        {
            var signature = new ModelSignature(
                ReadSpecs(session.InputNames, session.InputMetadata, "input"),
                ReadSpecs(session.OutputNames, session.OutputMetadata, "output"));
            _logger.LogInformation("Loaded model {Model} on {Provider}: {Signature}", model, selection.Provider, signature);
            return new LoadedSession(session, signature, selection.Provider);
        }
        catch
        {
            session.Dispose();
            throw;
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

    private static Dictionary<string, TensorData> Run(
        LoadedSession session,
        IReadOnlyDictionary<string, TensorData> inputs,
        CancellationToken cancellationToken)
    {
        var inputValues = new List<OrtValue>(session.InputNames.Length);
        try
        {
            foreach (var name in session.InputNames)
            {
                var tensor = inputs[name];
                // ONNX Runtime owns this buffer; one copy of the raw little-endian bytes fills it for every element type.
                var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, OrtTensorTypes.ToOrt(tensor.ElementType), tensor.Shape);
                inputValues.Add(value);
                tensor.Data.CopyTo(value.GetTensorMutableRawData());
            }

            using var runOptions = new RunOptions();
            using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
            using var outputs = session.Session.Run(runOptions, session.InputNames, inputValues, session.OutputNames);
            cancellationToken.ThrowIfCancellationRequested();

            var result = new Dictionary<string, TensorData>(session.OutputNames.Length, StringComparer.Ordinal);
            var index = 0;
            foreach (var output in outputs)
            {
                var name = session.OutputNames[index++];
                var typeAndShape = output.GetTensorTypeAndShape();
                var elementType = OrtTensorTypes.FromOrt(typeAndShape.ElementDataType)
                    ?? throw new ModelLoadException($"Output '{name}' has unsupported element type {typeAndShape.ElementDataType}.");
                result[name] = new TensorData(elementType, typeAndShape.Shape, output.GetTensorMutableRawData().ToArray());
            }

            return result;
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            foreach (var value in inputValues)
            {
                value.Dispose();
            }
        }
    }

    private readonly record struct SessionKey(string Sha256, string Variant, string Provider);
}
