using Aitbc.Orleans.Onnx.Graph;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>
/// The element type (an <see cref="OnnxDataType"/> number) of each value in a graph, as far as it can be known without
/// running shape inference: declared inputs, initializers and value infos, Constant and Cast nodes, operators whose
/// output type is fixed (Shape, comparisons, ...) or follows an input (Exp, ReduceSum, ...), and the T-typed outputs of
/// the operators in <see cref="Fp16Operators"/>.
/// A value missing from the map has an unknown type, and nothing is converted on a guess.
/// </summary>
internal static class ValueTypes
{
    private static readonly HashSet<string> Int64Outputs = new(StringComparer.Ordinal) { "Shape", "Size", "ArgMax", "ArgMin", "NonZero", "NonMaxSuppression" };

    private static readonly HashSet<string> BoolOutputs = new(StringComparer.Ordinal)
    {
        "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Not", "And", "Or", "Xor", "IsNaN", "IsInf",
    };

    /// <summary>
    /// Standard operators (not computed in fp16 here) whose first output has the element type of one of their inputs:
    /// the input's index. Only the first output: others may be indices (TopK) or statistics (LayerNormalization).
    /// </summary>
    private static readonly Dictionary<string, int> FirstOutputTypeOfInput = new(StringComparer.Ordinal)
    {
        ["Exp"] = 0, ["Log"] = 0, ["Pow"] = 0, ["Reciprocal"] = 0, ["Floor"] = 0, ["Ceil"] = 0, ["Round"] = 0, ["Sign"] = 0,
        ["Sin"] = 0, ["Cos"] = 0, ["Tan"] = 0, ["Softplus"] = 0, ["Softsign"] = 0, ["Selu"] = 0, ["Celu"] = 0, ["Mish"] = 0,
        ["ThresholdedRelu"] = 0, ["Shrink"] = 0, ["Mod"] = 0, ["CumSum"] = 0, ["LogSoftmax"] = 0, ["Hardmax"] = 0,
        ["ReduceSum"] = 0, ["ReduceMean"] = 0, ["ReduceProd"] = 0, ["ReduceL1"] = 0, ["ReduceL2"] = 0, ["ReduceLogSum"] = 0,
        ["ReduceLogSumExp"] = 0, ["ReduceSumSquare"] = 0, ["LpNormalization"] = 0, ["LRN"] = 0, ["MeanVarianceNormalization"] = 0,
        ["LayerNormalization"] = 0, ["GroupNormalization"] = 0, ["Resize"] = 0, ["Upsample"] = 0, ["DepthToSpace"] = 0,
        ["SpaceToDepth"] = 0, ["Trilu"] = 0, ["ReverseSequence"] = 0, ["Compress"] = 0, ["GatherElements"] = 0, ["GatherND"] = 0,
        ["ScatterElements"] = 0, ["ScatterND"] = 0, ["Einsum"] = 0, ["TopK"] = 0, ["Where"] = 1,
    };

    public static Dictionary<string, int> Infer(OnnxGraph graph)
    {
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var info in graph.Inputs.Concat(graph.ValueInfos).Concat(graph.Outputs))
        {
            if (info.TensorElementType is { } declared)
            {
                types[info.Name] = declared;
            }
        }

        foreach (var tensor in graph.Initializers)
        {
            types.TryAdd(tensor.Name ?? "", tensor.DataType);
        }

        foreach (var node in graph.Nodes.Where(n => n.IsDefaultDomain))
        {
            if (OutputType(node, types) is not { } type)
            {
                continue;
            }

            var rule = Fp16Operators.Find(node.OpType);
            if (rule is null && FirstOutputTypeOfInput.ContainsKey(node.OpType))
            {
                types.TryAdd(node.Outputs[0], type);
                continue;
            }

            for (var i = 0; i < node.Outputs.Count; i++)
            {
                if (node.Outputs[i].Length > 0 && (rule is null || rule.IsFloatOutput(i)))
                {
                    types.TryAdd(node.Outputs[i], type);
                }
            }
        }

        return types;
    }

    private static int? OutputType(OnnxNode node, Dictionary<string, int> types)
    {
        if (node.OpType == "Constant")
        {
            return ConstantType(node);
        }

        if (node.OpType == "Cast" && node.FindAttribute("to") is { } to)
        {
            return (int)to.IntValue;
        }

        if (Int64Outputs.Contains(node.OpType))
        {
            return OnnxDataType.Int64;
        }

        if (BoolOutputs.Contains(node.OpType))
        {
            return OnnxDataType.Bool;
        }

        if (FirstOutputTypeOfInput.TryGetValue(node.OpType, out var source))
        {
            return node.Inputs.Count > source && types.TryGetValue(node.Inputs[source], out var type) ? type : null;
        }

        if (Fp16Operators.Find(node.OpType) is { } rule)
        {
            // T-typed outputs have the type of the T-typed inputs.
            for (var i = 0; i < node.Inputs.Count; i++)
            {
                if (rule.IsFloatInput(i) && types.TryGetValue(node.Inputs[i], out var type))
                {
                    return type;
                }
            }
        }

        return null;
    }

    private static int? ConstantType(OnnxNode node)
    {
        foreach (var attribute in node.Attributes)
        {
            switch (attribute.Name)
            {
                case "value" when attribute.TensorValue is { } tensor:
                    return tensor.DataType;
                case "value_float" or "value_floats":
                    return OnnxDataType.Float;
                case "value_int" or "value_ints":
                    return OnnxDataType.Int64;
                case "value_string" or "value_strings":
                    return OnnxDataType.String;
            }
        }

        return null;
    }
}
