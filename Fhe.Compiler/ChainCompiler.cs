using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Onnx.Graph;

namespace Aitbc.Orleans.Fhe.Compiler;

/// <summary>
/// One compilation: walks the graph's nodes (ONNX stores them in topological order) along the single chain from the
/// input to the output, turning each node into a plan layer or folding it into one; see <see cref="OnnxPlanCompiler"/>.
/// </summary>
internal sealed class ChainCompiler
{
    /// <summary>Multiply-adds allowed to merge two consecutive dense layers; beyond it they stay two layers (two levels).</summary>
    public const long MaxMergeProducts = 1L << 26;

    private const string Supported =
        "MatMul, Gemm, Add, Sub, Mul, Div, Neg, Pow (exponent 2), Identity, Flatten, and Sigmoid or Softmax as the last operation";

    private static readonly HashSet<string> NonPolynomial = new(StringComparer.Ordinal)
    {
        "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Gelu", "Tanh", "Softplus", "Softsign", "HardSigmoid", "HardSwish",
        "Mish", "Exp", "Log", "Sqrt", "Reciprocal", "Abs", "Sign", "Max", "Min", "Clip", "ThresholdedRelu", "Erf", "LogSoftmax",
    };

    private readonly OnnxGraph _graph;
    private readonly CkksParameters _parameters;
    private readonly double _inputBound;
    private readonly long _opset;
    private readonly Dictionary<string, OnnxTensor> _constantTensors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConstantTensor> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _uses = new(StringComparer.Ordinal);
    private readonly List<PlanStep> _steps = [];
    private ElementwiseAffine? _pending;
    private string _current = "";
    private int _width;
    private int _rank;
    private ClientActivation _activation = ClientActivation.Identity;
    private NodeRef? _activationNode;

    public ChainCompiler(OnnxGraph graph, CkksParameters parameters, double inputBound, long opset)
    {
        _graph = graph;
        _parameters = parameters;
        _inputBound = inputBound;
        _opset = opset;
        foreach (var initializer in graph.Initializers)
        {
            if (initializer.Name is { Length: > 0 } name)
            {
                _constantTensors[name] = initializer;
            }
        }

        foreach (var node in graph.Nodes)
        {
            foreach (var input in node.Inputs.Where(i => i.Length > 0).Distinct())
            {
                _uses[input] = _uses.GetValueOrDefault(input) + 1;
            }
        }

        foreach (var output in graph.Outputs)
        {
            _uses[output.Name] = _uses.GetValueOrDefault(output.Name) + 1;
        }
    }

    public CompiledPlan Compile()
    {
        var (inputName, inputShape) = FindInput();
        var outputName = FindOutput();
        _current = inputName;
        for (var i = 0; i < _graph.Nodes.Count; i++)
        {
            var node = _graph.Nodes[i];
            Visit(node, new NodeRef(string.IsNullOrEmpty(node.Name) ? $"#{i}" : node.Name, node.OpType));
        }

        if (_current != outputName)
        {
            throw Refuse($"the output '{outputName}' is not computed from the input '{inputName}' by one chain of operators (the chain ends at '{_current}')");
        }

        if (!_steps.Any(s => s is DenseStep))
        {
            throw Refuse("the model has no dense layer (MatMul or Gemm); a plan starts with one");
        }

        if (_pending is { IsIdentity: false } pending)
        {
            throw Refuse(pending.First, "applies a constant after the last square activation, and no dense layer follows to fold it into");
        }

        EncryptedPlan plan;
        try
        {
            plan = EncryptedPlan.Create(_parameters, [.. _steps.Select(s => s.ToLayer())], _inputBound, _activation);
        }
        catch (PlanNotSupportedException ex) when (ex.LayerIndex is { } layer && layer < _steps.Count)
        {
            var nodes = _steps[layer].Nodes;
            var detail = nodes.Count > 1 ? $" (that layer is nodes {string.Join(", ", nodes)})" : "";
            throw new ModelNotSupportedException(nodes[0].Label, nodes[0].Operator, ex.Message + detail, ex);
        }
        catch (PlanNotSupportedException ex)
        {
            throw new ModelNotSupportedException(ex.Message, ex);
        }

        long[] outputShape = _rank == 2 ? [1, _width] : [_width];
        return new CompiledPlan(plan, inputName, inputShape, outputName, outputShape);
    }

    private (string Name, long[] Shape) FindInput()
    {
        var inputs = _graph.Inputs.Where(i => !_constantTensors.ContainsKey(i.Name)).ToList();
        if (inputs.Count != 1)
        {
            throw Refuse($"the model has {inputs.Count} inputs ({string.Join(", ", inputs.Select(i => i.Name))}); a private model takes exactly one input vector");
        }

        var input = inputs[0];
        if (input.Type is not OnnxTensorType { ElementType: OnnxDataType.Float or OnnxDataType.Float16 or OnnxDataType.Double } tensor)
        {
            throw Refuse($"the input '{input.Name}' is not a float16, float32 or float64 tensor");
        }

        var dims = tensor.Shape;
        var shape = dims is null ? "unknown" : $"[{string.Join(", ", dims)}]";
        long? features = dims switch
        {
            [{ Value: > 0 and var n }] => n,
            [{ Value: null or 1 }, { Value: > 0 and var n }] => n,
            _ => null,
        };
        if (features is not { } width)
        {
            throw Refuse($"the input '{input.Name}' has shape {shape}; a private model takes one vector: [n], [1, n] or [batch, n] with a fixed n");
        }

        if (width > _parameters.SlotCount)
        {
            throw Refuse($"the input '{input.Name}' has {width} values; {_parameters.Name} holds vectors of at most {_parameters.SlotCount}");
        }

        _width = (int)width;
        _rank = dims!.Count;
        return (input.Name, _rank == 2 ? [1, width] : [width]);
    }

    private string FindOutput()
    {
        if (_graph.Outputs.Count != 1)
        {
            throw Refuse($"the model has {_graph.Outputs.Count} outputs; a private model has exactly one");
        }

        var output = _graph.Outputs[0];
        if (output.TensorElementType is not (OnnxDataType.Float or OnnxDataType.Float16 or OnnxDataType.Double))
        {
            throw Refuse($"the output '{output.Name}' is not a float16, float32 or float64 tensor");
        }

        return output.Name;
    }

    private void Visit(OnnxNode node, NodeRef at)
    {
        if (!node.IsDefaultDomain)
        {
            throw Refuse(at, $"is from the operator domain '{node.Domain}'; only standard ONNX operators are supported");
        }

        if (node.OpType == "Constant")
        {
            RegisterConstant(node, at);
            return;
        }

        var computed = node.Inputs.Where(i => i.Length > 0 && !_constantTensors.ContainsKey(i)).Distinct().ToList();
        if (!computed.Contains(_current))
        {
            throw Refuse(at, computed.Count == 0
                ? "computes on constants only; fold constants into the weights before uploading (for example with onnx-simplifier)"
                : $"does not take '{_current}': only one chain of operators from the input to the output is supported");
        }

        if (computed.Count > 1)
        {
            throw Refuse(at, $"combines '{_current}' with another computed value ('{computed.First(c => c != _current)}'); only one chain of operators from the input to the output is supported");
        }

        if (_activationNode is not null)
        {
            throw Refuse(at, $"follows {_activationNode}; the client applies {_activation} after decryption, so it must be the model's last operation");
        }

        if (_uses.GetValueOrDefault(_current) > 1)
        {
            throw Refuse(at, $"'{_current}' is used {_uses[_current]} times (by nodes or as an output); only one chain of operators from the input to the output is supported");
        }

        if (node.Outputs.Count != 1 || node.Outputs[0].Length == 0)
        {
            throw Refuse(at, $"has {node.Outputs.Count} outputs; the supported operators have one");
        }

        switch (node.OpType)
        {
            case "Identity":
                break;
            case "Flatten":
                Flatten(node, at);
                break;
            case "MatMul":
                MatMul(node, at);
                break;
            case "Gemm":
                Gemm(node, at);
                break;
            case "Mul" when node.Inputs.Count == 2 && node.Inputs[0] == _current && node.Inputs[1] == _current:
                Square(at);
                break;
            case "Add" or "Sub" or "Mul" or "Div":
                Elementwise(node, at);
                break;
            case "Neg":
                Affine(at, Enumerable.Repeat(-1.0, _width).ToArray(), null);
                break;
            case "Pow":
                Pow(node, at);
                break;
            case "Sigmoid":
                _activation = ClientActivation.Sigmoid;
                _activationNode = at;
                break;
            case "Softmax":
                Softmax(node, at);
                break;
            case var op when NonPolynomial.Contains(op):
                throw Refuse(at, "is not a polynomial; encrypted evaluation computes additions and multiplications only: use a square activation (Mul(x, x) or Pow(x, 2))");
            default:
                throw Refuse(at, $"is not supported; supported operators: {Supported}");
        }

        _current = node.Outputs[0];
    }

    private void RegisterConstant(OnnxNode node, NodeRef at)
    {
        if (node.Outputs.Count != 1 || node.Attributes.Count != 1)
        {
            throw Refuse(at, "must have one output and one value attribute");
        }

        var attribute = node.Attributes[0];
        var name = node.Outputs[0];
        OnnxTensor tensor = attribute.Name switch
        {
            "value" when attribute.TensorValue is { } value => value with { Name = name },
            "value_float" => OnnxTensor.FromFloats(name, [attribute.FloatValue]),
            "value_floats" => OnnxTensor.FromFloats(name, [.. attribute.FloatValues], attribute.FloatValues.Count),
            "value_int" => OnnxTensor.FromInt64s(name, [attribute.IntValue]),
            "value_ints" => OnnxTensor.FromInt64s(name, [.. attribute.IntValues], attribute.IntValues.Count),
            _ => throw Refuse(at, $"holds its value in '{attribute.Name}'; supported: value (a tensor), value_float(s), value_int(s)"),
        };
        _constantTensors[name] = tensor;
    }

    private ConstantTensor Constant(string name, NodeRef at)
    {
        if (_constants.TryGetValue(name, out var known))
        {
            return known;
        }

        var value = ConstantTensor.Read(_constantTensors[name], out var problem);
        if (problem is not null)
        {
            throw Refuse(at, problem);
        }

        _constants[name] = value;
        return value;
    }

    private bool IsConstant(string name) => name.Length > 0 && _constantTensors.ContainsKey(name);

    private void Flatten(OnnxNode node, NodeRef at)
    {
        var axis = node.FindAttribute("axis")?.IntValue ?? 1;
        if (axis == 0 || (_rank == 2 && axis is 1 or -1))
        {
            _rank = 2; // [1, n] either way
            return;
        }

        throw Refuse(at, $"with axis {axis} on a {(_rank == 2 ? "[1, n] matrix" : "vector")} changes the vector's shape; axis 0, or 1 on [1, n], keeps it");
    }

    private void MatMul(OnnxNode node, NodeRef at)
    {
        if (node.Inputs[0] != _current || !IsConstant(node.Inputs[1]))
        {
            throw Refuse(at, "must multiply the computed value on the left by constant weights (x·W)");
        }

        var weights = Constant(node.Inputs[1], at);
        if (weights.Rank != 2)
        {
            throw Refuse(at, $"weights '{node.Inputs[1]}' have rank {weights.Rank}; a dense layer's weights are a matrix [inputs, outputs]");
        }

        var (inputs, outputs) = ((int)weights.Dims[0], (int)weights.Dims[1]);
        var transposed = new double[outputs * inputs];
        for (var r = 0; r < outputs; r++)
        {
            for (var c = 0; c < inputs; c++)
            {
                transposed[r * inputs + c] = weights.Values[c * outputs + r];
            }
        }

        Dense(at, outputs, inputs, transposed, new double[outputs]);
    }

    private void Gemm(OnnxNode node, NodeRef at)
    {
        if (node.Inputs[0] != _current || node.Inputs.Count < 2 || !IsConstant(node.Inputs[1])
            || (node.Inputs.Count > 2 && node.Inputs[2].Length > 0 && !IsConstant(node.Inputs[2])))
        {
            throw Refuse(at, "must take the computed value as A and constants as B and C (A·B + C)");
        }

        if (node.FindAttribute("transA")?.IntValue is { } transA && transA != 0)
        {
            throw Refuse(at, "transA = 1 is not supported; the computed value must be a row [1, n]");
        }

        if (_rank != 2)
        {
            throw Refuse(at, "takes a matrix A, but the computed value is a vector: declare the input as [1, n]");
        }

        var alpha = node.FindAttribute("alpha")?.FloatValue ?? 1f;
        var beta = node.FindAttribute("beta")?.FloatValue ?? 1f;
        var transB = node.FindAttribute("transB")?.IntValue is { } t && t != 0;
        var b = Constant(node.Inputs[1], at);
        if (b.Rank != 2)
        {
            throw Refuse(at, $"B '{node.Inputs[1]}' has rank {b.Rank}; a dense layer's weights are a matrix");
        }

        var (inputs, outputs) = transB ? ((int)b.Dims[1], (int)b.Dims[0]) : ((int)b.Dims[0], (int)b.Dims[1]);
        var weights = new double[outputs * inputs];
        for (var r = 0; r < outputs; r++)
        {
            for (var c = 0; c < inputs; c++)
            {
                weights[r * inputs + c] = alpha * (transB ? b.Values[r * inputs + c] : b.Values[c * outputs + r]);
            }
        }

        var bias = new double[outputs];
        if (node.Inputs.Count > 2 && node.Inputs[2].Length > 0)
        {
            var c = Broadcast(node.Inputs[2], outputs, at);
            for (var i = 0; i < outputs; i++)
            {
                bias[i] = beta * c[i];
            }
        }

        Dense(at, outputs, inputs, weights, bias);
    }

    private void Dense(NodeRef at, int outputs, int inputs, double[] weights, double[] bias)
    {
        if (inputs != _width)
        {
            throw Refuse(at, $"weights take {inputs} values but '{_current}' has {_width}");
        }

        if (outputs < 1)
        {
            throw Refuse(at, "has no outputs");
        }

        if (outputs > _parameters.SlotCount)
        {
            throw Refuse(at, $"has {outputs} outputs; {_parameters.Name} holds vectors of at most {_parameters.SlotCount}");
        }

        if (_pending is not null)
        {
            (weights, bias) = _pending.FoldInto(outputs, inputs, weights, bias);
            _pending = null;
        }

        if (_steps.LastOrDefault() is DenseStep previous && previous.CanMerge(outputs))
        {
            previous.Merge(at, outputs, weights, bias);
        }
        else
        {
            AddStep(new DenseStep(at, outputs, inputs, weights, bias), at);
        }

        _width = outputs;
    }

    private void Square(NodeRef at)
    {
        if (_steps.Count == 0)
        {
            throw Refuse(at, "squares the model's input; a plan starts with a dense layer (MatMul or Gemm)");
        }

        if (_pending is { IsIdentity: false })
        {
            throw Refuse(at, $"squares values changed by constant operations after a square activation ({_pending.First}); only a dense layer's output, with any constant operations folded into it, can be squared");
        }

        _pending = null;
        AddStep(new SquareStep(at), at);
    }

    private void Pow(OnnxNode node, NodeRef at)
    {
        if (node.Inputs.Count != 2 || node.Inputs[0] != _current || !IsConstant(node.Inputs[1]))
        {
            throw Refuse(at, "must raise the computed value to a constant exponent");
        }

        switch (Constant(node.Inputs[1], at).Scalar)
        {
            case 2:
                Square(at);
                break;
            case 1:
                break;
            case var exponent:
                throw Refuse(at, $"has exponent {exponent?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "of several values"}; only 2 (a square activation) is supported");
        }
    }

    private void Softmax(OnnxNode node, NodeRef at)
    {
        // Opset 13 made the default axis -1; before it was 1, which on [1, n] is the same axis.
        var axis = node.FindAttribute("axis")?.IntValue ?? (_opset >= 13 ? -1 : 1);
        if ((axis < 0 ? axis + _rank : axis) != _rank - 1)
        {
            throw Refuse(at, $"with axis {axis} does not normalise over the output vector; use the last axis");
        }

        _activation = ClientActivation.Softmax;
        _activationNode = at;
    }

    private void Elementwise(OnnxNode node, NodeRef at)
    {
        if (node.Inputs.Count != 2)
        {
            throw Refuse(at, "must have two inputs");
        }

        var valueFirst = node.Inputs[0] == _current;
        var constant = valueFirst ? node.Inputs[1] : node.Inputs[0];
        if (!IsConstant(constant))
        {
            throw Refuse(at, "must combine the computed value with a constant (or multiply it by itself)");
        }

        var c = Broadcast(constant, _width, at);
        switch (node.OpType, valueFirst)
        {
            case ("Add", _):
                Affine(at, null, c);
                break;
            case ("Sub", true):
                Affine(at, null, [.. c.Select(v => -v)]);
                break;
            case ("Sub", false):
                Affine(at, Enumerable.Repeat(-1.0, _width).ToArray(), c);
                break;
            case ("Mul", _):
                Affine(at, c, null);
                break;
            case ("Div", true) when c.All(v => v != 0):
                Affine(at, [.. c.Select(v => 1 / v)], null);
                break;
            case ("Div", true):
                throw Refuse(at, $"divides by '{constant}', which holds a zero");
            default:
                throw Refuse(at, "divides by the computed value; encrypted evaluation cannot divide by a ciphertext");
        }
    }

    /// <summary>y ↦ scale ⊙ y + offset: into the dense layer just before, or held for the next one.</summary>
    private void Affine(NodeRef at, double[]? scale, double[]? offset)
    {
        if (_steps.LastOrDefault() is DenseStep dense)
        {
            dense.Apply(at, scale, offset);
            return;
        }

        _pending ??= new ElementwiseAffine(at, _width);
        _pending.Then(scale, offset);
    }

    /// <summary>A constant broadcast to <paramref name="width"/> values: a scalar, [1], [width] or [1, width]; a rank-2 constant makes the value [1, n].</summary>
    private double[] Broadcast(string name, int width, NodeRef at)
    {
        var constant = Constant(name, at);
        var dims = constant.Dims;
        if (constant.Rank > 2 || (constant.Rank == 2 && dims[0] != 1))
        {
            throw Refuse(at, $"constant '{name}' has shape [{string.Join(", ", dims)}]; it must be a scalar, [n] or [1, n]");
        }

        if (constant.Rank == 2)
        {
            _rank = 2;
        }

        if (constant.Values.Length == 1)
        {
            return Enumerable.Repeat(constant.Values[0], width).ToArray();
        }

        if (constant.Values.Length != width)
        {
            throw Refuse(at, $"constant '{name}' has {constant.Values.Length} values where the vector has {width}");
        }

        return (double[])constant.Values.Clone();
    }

    private void AddStep(PlanStep step, NodeRef at)
    {
        if (_steps.Count + 1 > _parameters.MaxLevel)
        {
            throw Refuse(at, $"needs level {_steps.Count + 1}, but {_parameters.Name} offers {_parameters.MaxLevel} " +
                             "(each dense layer and each square activation costs one; consecutive dense layers are merged)");
        }

        _steps.Add(step);
    }

    private static ModelNotSupportedException Refuse(string reason) => new(reason);

    private static ModelNotSupportedException Refuse(NodeRef at, string reason) => new(at.Label, at.Operator, reason);
}
