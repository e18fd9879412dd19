using Aitbc.Orleans.Onnx.Graph;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>Hands out value and node names no part of the model uses yet (subgraphs included, since they see outer names).</summary>
internal sealed class GraphNames
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public GraphNames(OnnxGraph graph)
    {
        Collect(graph);
    }

    /// <summary><paramref name="wanted"/> if free, else it with the smallest numeric suffix that is.</summary>
    public string Unique(string wanted)
    {
        var name = wanted;
        for (var i = 1; !_taken.Add(name); i++)
        {
            name = $"{wanted}_{i}";
        }

        return name;
    }

    private void Collect(OnnxGraph graph)
    {
        foreach (var info in graph.Inputs.Concat(graph.Outputs).Concat(graph.ValueInfos))
        {
            _taken.Add(info.Name);
        }

        foreach (var tensor in graph.Initializers)
        {
            _taken.Add(tensor.Name ?? "");
        }

        foreach (var node in graph.Nodes)
        {
            _taken.UnionWith(node.Inputs);
            _taken.UnionWith(node.Outputs);
            if (node.Name is { } name)
            {
                _taken.Add(name);
            }

            foreach (var subgraph in node.Attributes.SelectMany(a => a.Subgraphs))
            {
                Collect(subgraph);
            }
        }
    }
}
