using Aitbc.Orleans.Onnx.Graph;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>
/// The element type (an <see cref="OnnxDataType"/> number) of each value in a graph, as far as it can be known without
/// running shape inference: declared inputs, initializers and value infos, Constant and Cast nodes, operators whose
/// output type is fixed (Shape, comparisons, ...), and the T-typed outputs of the operators in <see cref="Fp16Operators"/>.
/// A value missing from the map has an unknown type, and nothing is converted on a guess.
/// </summary>
internal static class ValueTypes
{
    private static readonly HashSet<string> Int64Outputs = new(StringComparer.Ordinal) { "Shape", "Size", "ArgMax", "ArgMin", "NonZero", "NonMaxSuppression" };

    private static readonly HashSet<string> BoolOutputs = new(StringComparer.Ordinal)
    {
        "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Not", "And", "Or", "Xor", "IsNaN", "IsInf",
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
