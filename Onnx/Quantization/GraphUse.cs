using Aitbc.Orleans.Onnx.Graph;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>Who uses which value in a graph: the main graph's consumers, and every name a subgraph reads (outer-scope references included).</summary>
internal static class GraphUse
{
    /// <summary>Every node input name anywhere inside the subgraphs of <paramref name="graph"/>'s nodes.</summary>
    public static HashSet<string> NamesReadBySubgraphs(OnnxGraph graph)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subgraph in graph.Nodes.SelectMany(n => n.Attributes).SelectMany(a => a.Subgraphs))
        {
            AddReads(subgraph, names);
        }

        return names;
    }

    /// <summary>Names the graph still needs: node inputs (subgraphs included) and graph outputs.</summary>
    public static HashSet<string> NamesInUse(OnnxGraph graph)
    {
        var names = NamesReadBySubgraphs(graph);
        foreach (var node in graph.Nodes)
        {
            names.UnionWith(node.Inputs);
        }

        names.UnionWith(graph.Outputs.Select(o => o.Name));
        return names;
    }

    /// <summary>Drops initializers nothing reads any more (the float originals of quantized weights).</summary>
    public static void RemoveUnusedInitializers(OnnxGraph graph)
    {
        var used = NamesInUse(graph);
        var inputs = graph.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        graph.Initializers.RemoveAll(t => t.Name is { } name && !used.Contains(name) && !inputs.Contains(name));
    }

    private static void AddReads(OnnxGraph graph, HashSet<string> names)
    {
        foreach (var node in graph.Nodes)
        {
            names.UnionWith(node.Inputs);
            foreach (var subgraph in node.Attributes.SelectMany(a => a.Subgraphs))
            {
                AddReads(subgraph, names);
            }
        }

        names.UnionWith(graph.Outputs.Select(o => o.Name));
    }
}
