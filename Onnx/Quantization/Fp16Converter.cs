using Aitbc.Orleans.Onnx.Graph;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>
/// The fp16 variant: float32 weights become float16, and every node of <see cref="Fp16Operators"/> whose float inputs
/// are float32 computes in float16. A value keeps its name in float32; its float16 twin is "name_fp16". Cast nodes
/// join the two worlds: after a graph input or a float32 producer whose value a half-precision node reads, and after a
/// half-precision producer whose value a float32 node, a subgraph or a graph output reads. So the model's inputs and
/// outputs keep their declared names and types. Subgraphs (If/Loop bodies) are left in float32.
/// </summary>
public static class Fp16Converter
{
    private const float HalfMax = 65504f;

    public static QuantizedModel Convert(OnnxModel source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var model = source.Clone();
        var graph = model.RequireGraph();
        var graphInputs = graph.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var floatWeights = graph.Initializers
            .Where(t => t.DataType == OnnxDataType.Float && t.Name is { } n && !graphInputs.Contains(n) && !t.IsExternal)
            .ToDictionary(t => t.Name!, StringComparer.Ordinal);
        if (floatWeights.Count == 0)
        {
            throw new QuantizationNotApplicableException("The model has no float32 weights to convert to float16.");
        }

        var types = ValueTypes.Infer(graph);
        var converted = graph.Nodes.Select(n => IsConvertible(n, types)).ToArray();
        if (!converted.Any(c => c))
        {
            throw new QuantizationNotApplicableException("No operator of the model can compute in float16 (none with float32 inputs is on the list).");
        }

        // Which values live in half precision, which are read in half, and which are still needed in float32.
        var producedHalf = new HashSet<string>(StringComparer.Ordinal);
        var readHalf = new HashSet<string>(StringComparer.Ordinal);
        var readFull = GraphUse.NamesReadBySubgraphs(graph);
        readFull.UnionWith(graph.Outputs.Select(o => o.Name));
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            var rule = converted[i] ? Fp16Operators.Find(node.OpType)! : null;
            for (var k = 0; k < node.Inputs.Count; k++)
            {
                if (node.Inputs[k].Length > 0)
                {
                    (rule is not null && rule.IsFloatInput(k) ? readHalf : readFull).Add(node.Inputs[k]);
                }
            }

            for (var k = 0; k < node.Outputs.Count; k++)
            {
                producer[node.Outputs[k]] = i;
                if (rule is not null && rule.IsFloatOutput(k) && node.Outputs[k].Length > 0)
                {
                    producedHalf.Add(node.Outputs[k]);
                }
            }
        }

        var names = new GraphNames(graph);
        var half = new Dictionary<string, string>(StringComparer.Ordinal);
        string Half(string value)
        {
            if (!half.TryGetValue(value, out var name))
            {
                half[value] = name = names.Unique(value + "_fp16");
            }

            return name;
        }

        // Weights read in half precision get a float16 copy; the float32 original goes when nothing else reads it.
        var clamped = 0;
        var convertedWeights = 0;
        foreach (var (name, tensor) in floatWeights)
        {
            if (!readHalf.Contains(name))
            {
                continue;
            }

            var values = tensor.ToFloats();
            var halves = new Half[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                // Saturate instead of overflowing to infinity; the measured error says whether that mattered.
                var v = values[i];
                clamped += float.IsFinite(v) && Math.Abs(v) > HalfMax ? 1 : 0;
                halves[i] = (Half)Math.Clamp(v, -HalfMax, HalfMax);
            }

            graph.Initializers.Add(OnnxTensor.FromHalves(Half(name), halves, [.. tensor.Dims]));
            convertedWeights++;
        }

        graph.Initializers.RemoveAll(t => t.Name is { } n && floatWeights.ContainsKey(n) && readHalf.Contains(n) && !readFull.Contains(n));

        // The new node list: converted nodes read and write the half names; casts sit right after what they convert.
        var nodes = new List<OnnxNode>(graph.Nodes.Count * 2);
        var casts = 0;
        void CastToHalf(string value)
        {
            nodes.Add(CastNode(names, value, Half(value), OnnxDataType.Float16));
            casts++;
        }

        void CastToFull(string value)
        {
            nodes.Add(CastNode(names, Half(value), value, OnnxDataType.Float));
            casts++;
        }

        foreach (var value in readHalf.Where(v => !producedHalf.Contains(v) && !producer.ContainsKey(v) && !floatWeights.ContainsKey(v)).Order(StringComparer.Ordinal))
        {
            CastToHalf(value); // graph inputs (and float initializers that are also inputs)
        }

        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            if (converted[i])
            {
                var rule = Fp16Operators.Find(node.OpType)!;
                node = node with
                {
                    Inputs = node.Inputs.Select((v, k) => v.Length > 0 && rule.IsFloatInput(k) ? Half(v) : v).ToArray(),
                    Outputs = node.Outputs.Select((v, k) => v.Length > 0 && rule.IsFloatOutput(k) ? Half(v) : v).ToArray(),
                };
            }

            nodes.Add(node);
            foreach (var output in graph.Nodes[i].Outputs.Where(o => o.Length > 0))
            {
                if (producedHalf.Contains(output) && readFull.Contains(output))
                {
                    CastToFull(output);
                }
                else if (!producedHalf.Contains(output) && readHalf.Contains(output))
                {
                    CastToHalf(output);
                }
            }
        }

        graph.Nodes.Clear();
        graph.Nodes.AddRange(nodes);
        RetargetValueInfos(graph, producedHalf, readFull, half);

        var kept = source.RequireGraph().Nodes.Where((n, i) => !converted[i]).Select(n => n.OpType).Distinct(StringComparer.Ordinal).ToArray();
        var summary =
            $"fp16: {converted.Count(c => c)} of {converted.Length} nodes compute in float16, {convertedWeights} float32 weights stored as float16" +
            $"{(clamped > 0 ? $" ({clamped} values saturated at ±65504)" : "")}, {casts} Cast nodes at the float32 boundary" +
            $"{(kept.Length > 0 ? $"; kept in float32: {string.Join(", ", kept)}" : "")}.";
        return new QuantizedModel(model, summary);
    }

    private static bool IsConvertible(OnnxNode node, Dictionary<string, int> types)
    {
        if (!node.IsDefaultDomain || Fp16Operators.Find(node.OpType) is not { } rule || node.Attributes.Any(a => a.Subgraphs.Any()))
        {
            return false;
        }

        var floatInputs = node.Inputs.Where((v, k) => v.Length > 0 && rule.IsFloatInput(k)).ToArray();
        return floatInputs.Length > 0 && floatInputs.All(v => types.TryGetValue(v, out var type) && type == OnnxDataType.Float);
    }

    /// <summary>A value that now exists only in half precision keeps its value info, under the half name and type.</summary>
    private static void RetargetValueInfos(OnnxGraph graph, HashSet<string> producedHalf, HashSet<string> readFull, Dictionary<string, string> half)
    {
        for (var i = 0; i < graph.ValueInfos.Count; i++)
        {
            var info = graph.ValueInfos[i];
            if (producedHalf.Contains(info.Name) && !readFull.Contains(info.Name) && info.Type is OnnxTensorType tensor)
            {
                graph.ValueInfos[i] = info with { Name = half[info.Name], Type = tensor with { ElementType = OnnxDataType.Float16 } };
            }
        }
    }

    private static OnnxNode CastNode(GraphNames names, string input, string output, int to) =>
        new("Cast", [input], [output], names.Unique($"Cast_{output}"), [OnnxAttribute.Int("to", to)]);
}
