using Aitbc.Orleans.Onnx.Graph;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>
/// Rewrites one graph for the int8 variant (see <see cref="Int8Quantizer"/>): walks the nodes in order and replaces
/// each MatMul, Gemm and Conv whose weight is a float32 initializer with its int8 form, sharing quantized weights and
/// quantized activations between the nodes that read the same value.
/// </summary>
internal sealed class Int8GraphRewriter
{
    private readonly OnnxGraph _graph;
    private readonly long _opset;
    private readonly Int8Options _options;
    private readonly GraphNames _names;
    private readonly Dictionary<string, OnnxTensor> _weights;
    private readonly List<OnnxNode> _nodes = [];
    private readonly Dictionary<(string Weight, int Axis, bool Transposed), (string Values, string Scales, float[] ScaleData)> _quantized = [];
    private readonly Dictionary<string, string> _dequantized = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Values, string Scales)> _activations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);

    public Int8GraphRewriter(OnnxGraph graph, long opset, Int8Options options)
    {
        _graph = graph;
        _opset = opset;
        _options = options;
        _names = new GraphNames(graph);
        var inputs = graph.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        // Initializers that are also graph inputs can be overridden at run time: they are not constants to quantize.
        _weights = graph.Initializers
            .Where(t => t.DataType == OnnxDataType.Float && t.Name is { } n && !inputs.Contains(n) && !t.IsExternal)
            .GroupBy(t => t.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    }

    public int MatMuls { get; private set; }

    public int Gemms { get; private set; }

    public int Convs { get; private set; }

    public void Rewrite()
    {
        foreach (var node in _graph.Nodes)
        {
            if (!node.IsDefaultDomain || !TryRewrite(node))
            {
                _nodes.Add(node);
            }
        }

        _graph.Nodes.Clear();
        _graph.Nodes.AddRange(_nodes);
        GraphUse.RemoveUnusedInitializers(_graph);
    }

    private bool TryRewrite(OnnxNode node)
    {
        switch (node.OpType)
        {
            case "MatMul" when node.Inputs.Count == 2 && Weight(node.Inputs[1], rank: 2) is { } w:
                if (_options.MatMulMode == Int8MatMulMode.DynamicActivations)
                {
                    DynamicMatMul(node, node.Inputs[0], w, transposed: false, alpha: 1f, node.Outputs[0]);
                }
                else
                {
                    _nodes.Add(node with { Inputs = [node.Inputs[0], Dequantized(w, axis: 1)] });
                }

                MatMuls++;
                return true;
            case "Gemm" when node.Inputs.Count >= 2 && Int(node, "transA") == 0 && Weight(node.Inputs[1], rank: 2) is { } b:
                var transB = Int(node, "transB") != 0;
                if (_options.MatMulMode == Int8MatMulMode.DynamicActivations)
                {
                    DynamicGemm(node, b, transB);
                }
                else
                {
                    // Gemm's B is [K, N], or [N, K] with transB: the output channel is the other axis.
                    _nodes.Add(node with { Inputs = [node.Inputs[0], Dequantized(b, axis: transB ? 0 : 1), .. node.Inputs.Skip(2)] });
                }

                Gemms++;
                return true;
            case "Conv" when _options.QuantizeConv && node.Inputs.Count >= 2 && Weight(node.Inputs[1], rank: null) is { Dims.Count: >= 3 } kernel:
                // Weight-only: [M, C/group, k...] per output channel M. ONNX Runtime's CUDA provider has no ConvInteger.
                _nodes.Add(node with { Inputs = [node.Inputs[0], Dequantized(kernel, axis: 0), .. node.Inputs.Skip(2)] });
                Convs++;
                return true;
            default:
                return false;
        }
    }

    private void DynamicGemm(OnnxNode node, OnnxTensor b, bool transB)
    {
        var alpha = Float(node, "alpha", 1f);
        var beta = Float(node, "beta", 1f);
        var c = node.Inputs.Count > 2 && node.Inputs[2].Length > 0 ? node.Inputs[2] : null;
        if (c is null || beta == 0f)
        {
            DynamicMatMul(node, node.Inputs[0], b, transB, alpha, node.Outputs[0]);
            return;
        }

        var product = _names.Unique($"{node.Outputs[0]}_int8_product");
        DynamicMatMul(node, node.Inputs[0], b, transB, alpha, product);
        var bias = beta == 1f ? c : ScaledBias(c, beta);
        _nodes.Add(Node("Add", [product, bias], [node.Outputs[0]]));
    }

    /// <summary>
    /// y = (int32 MatMulInteger(q(A), Wq) as float) * rowScale(A) * columnScale(W), where q(A) = round(A / rowScale)
    /// and rowScale = max(|A| over the last axis) / 127. Every value lies in [-127, 127] by construction, so the
    /// cast to int8 never saturates; an all-zero row gets a tiny scale instead of a division by zero.
    /// </summary>
    private void DynamicMatMul(OnnxNode node, string activation, OnnxTensor weight, bool transposed, float alpha, string output)
    {
        // The int8 matrix is [K, N] (Gemm's transB is undone when quantizing); Gemm's alpha folds into the column scales.
        var (wValues, wScaleName, wScaleData) = Quantized(weight, axis: 1, transposed);
        var wScales = alpha == 1f ? wScaleName : Constant($"{wScaleName}_x{alpha}", wScaleData.Select(s => s * alpha).ToArray());
        var (aValues, aScales) = QuantizedActivation(activation);
        var prefix = node.Name is { Length: > 0 } name ? name : output;
        var accumulated = _names.Unique($"{prefix}_int32");
        var asFloat = _names.Unique($"{prefix}_int32_float");
        var rowScaled = _names.Unique($"{prefix}_row_scaled");
        _nodes.Add(Node("MatMulInteger", [aValues, wValues], [accumulated]));
        _nodes.Add(Node("Cast", [accumulated], [asFloat], OnnxAttribute.Int("to", OnnxDataType.Float)));
        _nodes.Add(Node("Mul", [asFloat, aScales], [rowScaled]));
        _nodes.Add(Node("Mul", [rowScaled, wScales], [output]));
    }

    private (string Values, string Scales) QuantizedActivation(string activation)
    {
        if (_activations.TryGetValue(activation, out var cached))
        {
            return cached;
        }

        var abs = _names.Unique($"{activation}_abs");
        var max = _names.Unique($"{activation}_row_max");
        var rawScale = _names.Unique($"{activation}_row_scale_raw");
        var scale = _names.Unique($"{activation}_row_scale");
        var scaled = _names.Unique($"{activation}_scaled");
        var rounded = _names.Unique($"{activation}_rounded");
        var values = _names.Unique($"{activation}_int8");
        _nodes.Add(Node("Abs", [activation], [abs]));
        // ReduceMax took its axes as an attribute until opset 18, as an input from then on.
        _nodes.Add(_opset >= 18
            ? Node("ReduceMax", [abs, Constant("int8_last_axis", [-1L])], [max], OnnxAttribute.Int("keepdims", 1))
            : Node("ReduceMax", [abs], [max], OnnxAttribute.Ints("axes", -1), OnnxAttribute.Int("keepdims", 1)));
        _nodes.Add(Node("Div", [max, Constant("int8_levels", SymmetricInt8.Levels)], [rawScale]));
        _nodes.Add(Node("Max", [rawScale, Constant("int8_smallest_scale", 1e-12f)], [scale]));
        _nodes.Add(Node("Div", [activation, scale], [scaled]));
        _nodes.Add(Node("Round", [scaled], [rounded]));
        _nodes.Add(Node("Cast", [rounded], [values], OnnxAttribute.Int("to", OnnxDataType.Int8)));
        return _activations[activation] = (values, scale);
    }

    private string Dequantized(OnnxTensor weight, int axis)
    {
        var (values, scales, _) = Quantized(weight, axis, transposed: false);
        if (_dequantized.TryGetValue(values, out var cached))
        {
            return cached;
        }

        var output = _names.Unique($"{weight.Name}_dequantized");
        _nodes.Add(Node("DequantizeLinear", [values, scales], [output], OnnxAttribute.Int("axis", axis)));
        return _dequantized[values] = output;
    }

    private (string Values, string Scales, float[] ScaleData) Quantized(OnnxTensor weight, int axis, bool transposed)
    {
        var key = (weight.Name!, axis, transposed);
        if (_quantized.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var data = weight.ToFloats();
        var dims = weight.Dims.ToArray();
        if (transposed)
        {
            data = SymmetricInt8.Transpose(data, checked((int)dims[0]), checked((int)dims[1]));
            dims = [dims[1], dims[0]];
        }

        var (values, scaleData) = SymmetricInt8.PerChannel(data, dims, axis);
        var valuesName = _names.Unique($"{weight.Name}{(transposed ? "_t" : "")}_int8");
        var scalesName = _names.Unique($"{weight.Name}{(transposed ? "_t" : "")}_scale");
        _graph.Initializers.Add(OnnxTensor.FromSBytes(valuesName, values, dims));
        _graph.Initializers.Add(OnnxTensor.FromFloats(scalesName, scaleData, scaleData.Length));
        return _quantized[key] = (valuesName, scalesName, scaleData);
    }

    private string ScaledBias(string c, float beta)
    {
        if (_weights.TryGetValue(c, out var bias))
        {
            var scaled = bias.ToFloats().Select(v => v * beta).ToArray();
            var name = _names.Unique($"{c}_x{beta}");
            _graph.Initializers.Add(OnnxTensor.FromFloats(name, scaled, [.. bias.Dims]));
            return name;
        }

        var output = _names.Unique($"{c}_x{beta}");
        _nodes.Add(Node("Mul", [c, Constant($"beta_{beta}", beta)], [output]));
        return output;
    }

    private OnnxTensor? Weight(string name, int? rank) =>
        _weights.TryGetValue(name, out var tensor) && (rank is null || tensor.Dims.Count == rank) && tensor.ElementCount > 0 ? tensor : null;

    private string Constant(string wanted, float value) => Constant(wanted, () => OnnxTensor.FromFloats("", [value]));

    private string Constant(string wanted, float[] values) => Constant(wanted, () => OnnxTensor.FromFloats("", values, values.Length));

    private string Constant(string wanted, long[] values) => Constant(wanted, () => OnnxTensor.FromInt64s("", values, values.Length));

    private string Constant(string wanted, Func<OnnxTensor> create)
    {
        if (!_constants.TryGetValue(wanted, out var name))
        {
            name = _names.Unique(wanted);
            _graph.Initializers.Add(create() with { Name = name });
            _constants[wanted] = name;
        }

        return name;
    }

    private OnnxNode Node(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes) =>
        new(opType, inputs, outputs, _names.Unique($"{outputs[0]}_{opType}"), attributes);

    private static long Int(OnnxNode node, string attribute) => node.FindAttribute(attribute)?.IntValue ?? 0;

    private static float Float(OnnxNode node, string attribute, float fallback) => node.FindAttribute(attribute)?.FloatValue ?? fallback;
}
