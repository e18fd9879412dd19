using Aitbc.Orleans.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// An IOBinding of one session for one set of input shapes, with its own pooled buffers: inputs are written in place
/// and ONNX Runtime reads them there; outputs are bound to pooled buffers, so a steady-state run allocates nothing.
/// When the output shapes cannot be derived from the input shapes, the first run lets ONNX Runtime allocate the
/// outputs, and later runs bind buffers of the shapes it produced. With CUDA graphs the bound buffers are device
/// memory at fixed addresses, filled from and drained to pinned host buffers around each replay.
/// One run at a time: the engine leases a binding to one caller.
/// </summary>
internal sealed class ShapeBinding : IDisposable
{
    private static readonly Action<object?> TerminateRun = static state => ((RunOptions)state!).Terminate = true;

    private readonly SessionReplica _replica;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions;
    private readonly TensorBuffer[] _inputs;
    private readonly TensorBuffer[]? _deviceInputs;
    private readonly Lock? _graphGate;
    private TensorBuffer[]? _outputs;
    private TensorBuffer[]? _deviceOutputs;
    private OrtValue[]? _dynamicValues;
    private IDisposable? _dynamicOwner;
    private long[][]? _dynamicShapes;
    private long[][]? _promoteTo;
    private bool _outputsAlwaysDynamic;

    public ShapeBinding(LoadedSession owner, ShapePool pool, SessionReplica replica, long[][]? outputShapes)
    {
        Owner = owner;
        Pool = pool;
        _replica = replica;
        var inputShapes = pool.Shapes;
        _binding = replica.Session.CreateIoBinding();
        _runOptions = new RunOptions();
        var inputs = owner.Signature.Inputs;
        _inputs = new TensorBuffer[inputs.Length];
        try
        {
            var graph = owner.CudaGraphs && outputShapes is not null && replica.CanCaptureGraphs;
            if (owner.CudaGraphs)
            {
                // Shapes ONNX Runtime cannot capture (unknown output shapes) run as plain runs in a graph session.
                _runOptions.AddRunConfigEntry("gpu_graph_id", graph ? replica.NextGraphId().ToString(System.Globalization.CultureInfo.InvariantCulture) : "-1");
                _graphGate = owner.GraphGate;
            }

            _deviceInputs = graph ? new TensorBuffer[inputs.Length] : null;
            Allocate(inputs, inputShapes, _inputs, _deviceInputs, _binding.BindInput);

            if (outputShapes is not null)
            {
                BindOutputs(outputShapes, graph);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public LoadedSession Owner { get; }

    public ShapePool Pool { get; }

    /// <summary>Bytes of pooled memory this binding holds (host and device).</summary>
    public long Bytes { get; private set; }

    /// <summary>Bumped on every lease, so a lease that outlived its Dispose cannot touch the next caller's run.</summary>
    public int Generation { get; set; }

    public bool IsGraph => _deviceInputs is not null;

    public int InputCount => _inputs.Length;

    public int OutputCount => Owner.Signature.Outputs.Length;

    public Span<byte> Input(int index) => _inputs[index].Bytes;

    public ReadOnlySpan<byte> Output(int index) =>
        _outputs is not null ? _outputs[index].Bytes
        : _dynamicValues is { } values ? values[index].GetTensorMutableRawData() : throw NotRun();

    public ReadOnlySpan<long> OutputShape(int index) =>
        _outputs is not null ? _outputs[index].Shape : _dynamicShapes?[index] ?? throw NotRun();

    public TensorElementType OutputType(int index) => Owner.Signature.Outputs[index].ElementType;

    /// <summary>The outputs of the last run as tensors that own a copy of their bytes (a job's result).</summary>
    public Dictionary<string, TensorData> CopyOutputs()
    {
        var outputs = new Dictionary<string, TensorData>(OutputCount, StringComparer.Ordinal);
        for (var i = 0; i < OutputCount; i++)
        {
            var bytes = Output(i);
            var data = GC.AllocateUninitializedArray<byte>(bytes.Length);
            bytes.CopyTo(data);
            outputs[Owner.Signature.Outputs[i].Name] = new TensorData(OutputType(i), OutputShape(i).ToArray(), data);
        }

        return outputs;
    }

    /// <summary>Runs the model on the bound inputs. Cancelling stops ONNX Runtime at its next node (RunOptions.Terminate).</summary>
    public void Run(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_promoteTo is { } shapes)
        {
            _promoteTo = null;
            ReleaseDynamic();
            BindOutputs(shapes, graph: false);
        }

        var registration = cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(TerminateRun, _runOptions) : default;
        try
        {
            try
            {
                RunOnce();
            }
            catch (OnnxRuntimeException) when (_outputs is not null && !IsGraph && !cancellationToken.IsCancellationRequested)
            {
                // The outputs were bound at shapes the model does not produce for these inputs (data-dependent
                // shapes): from now on ONNX Runtime allocates them, and this run is repeated once that way.
                _outputsAlwaysDynamic = true;
                ReleaseOutputs();
                RunOnce();
            }
        }
        catch (OnnxRuntimeException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The run was cancelled.", ex, cancellationToken);
        }
        finally
        {
            // Dispose waits for a callback that is running, so no Terminate can land after the reset.
            registration.Dispose();
            if (_runOptions.Terminate)
            {
                _runOptions.Terminate = false;
            }
        }
    }

    public void Dispose()
    {
        ReleaseDynamic();
        ReleaseOutputs();
        foreach (var buffer in _inputs)
        {
            buffer?.Dispose();
        }

        foreach (var buffer in _deviceInputs ?? [])
        {
            buffer?.Dispose();
        }

        _binding.Dispose();
        _runOptions.Dispose();
    }

    private void RunOnce()
    {
        if (_graphGate is null)
        {
            ReleaseDynamic();
            if (_outputs is null)
            {
                // Bound to a device, ONNX Runtime keeps the last run's outputs bound as if pre-allocated; bind afresh.
                BindDynamicOutputs();
            }

            _replica.Session.RunWithBinding(_runOptions, _binding);
            FinishOutputs();
            return;
        }

        // ONNX Runtime captures CUDA graphs in global capture mode, so nothing else may touch the device meanwhile;
        // a graph session therefore runs one model at a time on its device.
        lock (_graphGate)
        {
            ReleaseDynamic();
            if (_outputs is null)
            {
                BindDynamicOutputs();
            }

            if (_deviceInputs is not null)
            {
                for (var i = 0; i < _inputs.Length; i++)
                {
                    CudaRuntime.HostToDevice(_replica.DeviceId, _deviceInputs[i].Pointer, _inputs[i].Pointer, _inputs[i].ByteLength);
                }
            }

            _replica.Session.RunWithBinding(_runOptions, _binding);
            FinishOutputs();
            if (_deviceOutputs is not null)
            {
                for (var i = 0; i < _deviceOutputs.Length; i++)
                {
                    CudaRuntime.DeviceToHost(_replica.DeviceId, _outputs![i].Pointer, _deviceOutputs[i].Pointer, _outputs[i].ByteLength);
                }
            }
        }
    }

    private void FinishOutputs()
    {
        if (_replica.Pinned is not null)
        {
            // Outputs copied from the device are complete only when the session's stream is.
            _binding.SynchronizeBoundOutputs();
        }

        if (_outputs is not null)
        {
            return;
        }

        // ONNX Runtime allocated the outputs: read their shapes, check them, and bind buffers of those shapes next time.
        var values = _binding.GetOutputValues();
        _dynamicOwner = values;
        _dynamicValues = values.ToArray();
        _dynamicShapes = new long[_dynamicValues.Length][];
        for (var i = 0; i < _dynamicValues.Length; i++)
        {
            _dynamicShapes[i] = _dynamicValues[i].GetTensorTypeAndShape().Shape;
        }

        Owner.CheckOutputs(_dynamicShapes);
        if (!_outputsAlwaysDynamic)
        {
            _promoteTo = _dynamicShapes;
        }
    }

    private void BindOutputs(long[][] shapes, bool graph)
    {
        var outputs = Owner.Signature.Outputs;
        Owner.CheckOutputs(shapes);
        _outputs = new TensorBuffer[outputs.Length];
        _deviceOutputs = graph ? new TensorBuffer[outputs.Length] : null;
        Allocate(outputs, shapes, _outputs, _deviceOutputs, _binding.BindOutput);
    }

    /// <summary>
    /// Fills <paramref name="host"/> (and, for a graph, <paramref name="device"/>) with buffers of these shapes and binds
    /// each tensor's bound copy; the arrays are the binding's own, so Dispose frees whatever was allocated before a failure.
    /// </summary>
    private void Allocate(TensorSpec[] specs, long[][] shapes, TensorBuffer[] host, TensorBuffer[]? device, Action<string, OrtValue> bind)
    {
        for (var i = 0; i < specs.Length; i++)
        {
            host[i] = _replica.AllocateHost(specs[i].ElementType, shapes[i]);
            Bytes += host[i].ByteLength;
            if (device is not null)
            {
                device[i] = _replica.AllocateDevice(specs[i].ElementType, shapes[i]);
                Bytes += device[i].ByteLength;
            }

            bind(specs[i].Name, (device ?? host)[i].Value);
        }
    }

    private void BindDynamicOutputs()
    {
        foreach (var output in Owner.Signature.Outputs)
        {
            _binding.BindOutputToDevice(output.Name, _replica.HostInfo);
        }
    }

    private void ReleaseOutputs()
    {
        foreach (var buffer in (_outputs ?? []).Concat(_deviceOutputs ?? []))
        {
            if (buffer is not null)
            {
                Bytes -= buffer.ByteLength;
                buffer.Dispose();
            }
        }

        _outputs = null;
        _deviceOutputs = null;
    }

    private void ReleaseDynamic()
    {
        _dynamicOwner?.Dispose();
        _dynamicOwner = null;
        _dynamicValues = null;
        _dynamicShapes = null;
    }

    private static InvalidOperationException NotRun() => new("The binding has not run yet.");
}
