using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// A loaded model: its session replicas, the signature read from it (checked against the registered one), and its
/// pooled bindings per input shape. Reference-counted by the runs using it, so the session cache can evict it while
/// idle and an eviction during a run closes it only when that run ends.
/// </summary>
internal sealed class LoadedSession : IDisposable
{
    private static long s_clock;

    private readonly Lock _gate = new();
    private readonly List<ShapePool> _pools = [];
    private readonly List<ShapeBinding> _bindings = [];
    private readonly SessionReplica[] _replicas;
    private readonly LoadedSessionLimits _limits;
    private readonly TensorSpec[] _outputSpecs;
    private readonly string[][] _inputSymbols;
    private readonly string[][] _outputSymbols;
    private int _refs; // runs holding the session; -1 once it is closed (lock-free: every run takes and drops one)
    private volatile bool _evicted;
    private bool _disposed;

    public LoadedSession(
        SessionReplica[] replicas,
        ModelSignature signature,
        TensorSpec[] outputSpecs,
        string[][] inputSymbols,
        string[][] outputSymbols,
        string provider,
        long modelBytes,
        LoadedSessionLimits limits)
    {
        _replicas = replicas;
        Signature = signature;
        _outputSpecs = outputSpecs;
        _inputSymbols = inputSymbols;
        _outputSymbols = outputSymbols;
        Provider = provider;
        ModelBytes = modelBytes;
        _limits = limits;
        Touch();
    }

    /// <summary>The signature as ONNX Runtime reads it from the model (dynamic dimensions are -1).</summary>
    public ModelSignature Signature { get; }

    public string Provider { get; }

    public long ModelBytes { get; }

    public int Replicas => _replicas.Length;

    public bool CudaGraphs => _limits.GraphGate is not null;

    /// <summary>Held by every run of a CUDA-graph session (see <see cref="ShapeBinding"/>); null otherwise.</summary>
    public Lock? GraphGate => _limits.GraphGate;

    public long LastUsed { get; private set; }

    /// <summary>Estimated memory: the weights once per replica, plus every pooled buffer.</summary>
    public long Footprint
    {
        get
        {
            lock (_gate)
            {
                return (ModelBytes * _replicas.Length) + _bindings.Sum(b => b.Bytes);
            }
        }
    }

    public bool IsIdle => Volatile.Read(ref _refs) == 0;

    /// <summary>Dropped from the cache (it may still finish runs that hold it).</summary>
    public bool IsEvicted => _evicted;

    public void Touch() => LastUsed = Interlocked.Increment(ref s_clock);

    /// <summary>Takes a reference for one run; false when the session was already closed by an eviction.</summary>
    public bool TryAddRef()
    {
        while (true)
        {
            var refs = Volatile.Read(ref _refs);
            if (refs < 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _refs, refs + 1, refs) == refs)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        // Whoever takes the count from 0 to -1 (this release or the eviction) closes the session, exactly once.
        if (Interlocked.Decrement(ref _refs) == 0 && _evicted && Interlocked.CompareExchange(ref _refs, -1, 0) == 0)
        {
            Dispose();
        }
    }

    /// <summary>Dropped from the cache: closes now when idle, otherwise when the last run releases it.</summary>
    public void MarkEvicted()
    {
        _evicted = true;
        if (Interlocked.CompareExchange(ref _refs, -1, 0) == 0)
        {
            Dispose();
        }
    }

    /// <summary>Why these input shapes cannot run (count, rank, fixed dimensions, size), or null when they can.</summary>
    public string? FindShapeError(IReadOnlyList<long[]> shapes, long maxElementsPerTensor)
    {
        var inputs = Signature.Inputs;
        if (shapes.Count != inputs.Length)
        {
            return $"The model has {inputs.Length} input(s) ({string.Join(", ", inputs.Select(i => i.ToString()))}); {shapes.Count} shape(s) were given.";
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            var spec = inputs[i];
            var shape = shapes[i];
            if (shape.Length != spec.Rank)
            {
                return $"Input '{spec.Name}' has rank {shape.Length} but the model expects {spec}.";
            }

            for (var d = 0; d < shape.Length; d++)
            {
                if (shape[d] < 0 || (spec.Shape[d] >= 0 && shape[d] != spec.Shape[d]))
                {
                    return $"Input '{spec.Name}' dimension {d} is {shape[d]} but the model expects {spec} (-1 = any).";
                }
            }

            if (!TensorData.TryGetElementCount(shape, out var count) || count > maxElementsPerTensor)
            {
                return $"Input '{spec.Name}' {TensorData.FormatShape(shape)} has more than {maxElementsPerTensor} elements.";
            }
        }

        return null;
    }

    /// <summary>An idle binding for these input shapes, or a new one (its buffers allocated now).</summary>
    public ShapeBinding Rent(IReadOnlyList<long[]> shapes, out bool created)
    {
        created = false;
        ShapePool? pool = null;
        int replica;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var candidate in _pools)
            {
                if (candidate.Matches(shapes))
                {
                    pool = candidate;
                    break;
                }
            }

            if (pool is null)
            {
                pool = new ShapePool(shapes.Select(s => (long[])s.Clone()).ToArray());
                _pools.Add(pool);
                DropLeastRecentlyUsedPools(keep: pool);
            }

            pool.LastUsed = Interlocked.Increment(ref s_clock);
            if (pool.Idle.TryPop(out var idle))
            {
                return idle;
            }

            // Concurrent runs of one shape spread over the replicas (separate streams on a GPU).
            replica = pool.Count % _replicas.Length;
            pool.Count++;
        }

        try
        {
            var binding = new ShapeBinding(this, pool, _replicas[replica], OutputShapesFor(pool.Shapes));
            lock (_gate)
            {
                _bindings.Add(binding);
            }

            created = true;
            return binding;
        }
        catch
        {
            lock (_gate)
            {
                pool.Count--;
            }

            throw;
        }
    }

    public void Return(ShapeBinding binding)
    {
        var pool = binding.Pool;
        lock (_gate)
        {
            if (!pool.Removed && !_disposed)
            {
                pool.Idle.Push(binding);
                return;
            }

            pool.Count--;
            _bindings.Remove(binding);
        }

        binding.Dispose();
    }

    /// <summary>Throws when outputs of these shapes exceed the byte cap or do not match the model's signature.</summary>
    public void CheckOutputs(long[][] shapes)
    {
        long total = 0;
        for (var i = 0; i < _outputSpecs.Length; i++)
        {
            var spec = _outputSpecs[i];
            var shape = shapes[i];
            var fits = shape.Length == spec.Rank;
            for (var d = 0; fits && d < shape.Length; d++)
            {
                fits = spec.Shape[d] < 0 || shape[d] == spec.Shape[d];
            }

            if (!fits)
            {
                throw new InferenceOutputException(
                    $"Output '{spec.Name}' has shape {TensorData.FormatShape(shape)}, which its signature {spec} does not allow (-1 = any).", tooLarge: false);
            }

            total += TensorBuffer.ByteLengthOf(spec.ElementType, shape);
        }

        if (total > _limits.MaxOutputBytes)
        {
            throw new InferenceOutputException(
                $"The outputs would take {total} bytes, more than this miner's cap of {_limits.MaxOutputBytes} bytes per run.", tooLarge: true);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Volatile.Write(ref _refs, -1);
        }

        foreach (var binding in _bindings)
        {
            binding.Dispose();
        }

        _bindings.Clear();
        foreach (var replica in _replicas)
        {
            replica.Dispose();
        }
    }

    /// <summary>
    /// Output shapes for these input shapes when the model declares them in terms of input dimensions (fixed sizes,
    /// or a named dimension such as "batch" that an input also has); null when only a run can tell.
    /// </summary>
    private long[][]? OutputShapesFor(long[][] inputShapes)
    {
        var shapes = new long[_outputSpecs.Length][];
        for (var o = 0; o < _outputSpecs.Length; o++)
        {
            var spec = _outputSpecs[o].Shape;
            shapes[o] = new long[spec.Length];
            for (var d = 0; d < spec.Length; d++)
            {
                shapes[o][d] = spec[d] >= 0 ? spec[d] : ValueOfSymbol(_outputSymbols[o][d], inputShapes) ?? -1;
                if (shapes[o][d] < 0)
                {
                    return null;
                }
            }
        }

        return shapes;
    }

    private long? ValueOfSymbol(string symbol, long[][] inputShapes)
    {
        if (string.IsNullOrEmpty(symbol))
        {
            return null;
        }

        for (var i = 0; i < _inputSymbols.Length; i++)
        {
            var index = Array.IndexOf(_inputSymbols[i], symbol);
            if (index >= 0)
            {
                return inputShapes[i][index];
            }
        }

        return null;
    }

    private void DropLeastRecentlyUsedPools(ShapePool keep)
    {
        while (_pools.Count > _limits.MaxShapes)
        {
            var victim = _pools.Where(p => p != keep && p.Idle.Count == p.Count).MinBy(p => p.LastUsed);
            if (victim is null)
            {
                return; // every other shape is running right now; the pool shrinks when they finish
            }

            _pools.Remove(victim);
            victim.Removed = true;
            while (victim.Idle.TryPop(out var binding))
            {
                victim.Count--;
                _bindings.Remove(binding);
                binding.Dispose();
            }
        }
    }
}
