using Aitbc.Orleans.Onnx.Serialization;

namespace Aitbc.Orleans.Gateway.Models;

/// <summary>
/// Counts a model's parameters: the elements of every initializer in the main graph, read with the ONNX graph
/// library (ONNX Runtime does not expose initializers). Reading does not copy the weights.
/// </summary>
public static class OnnxParameterCounter
{
    /// <summary>The parameter count, or null when the bytes are not a ModelProto (or the count overflows).</summary>
    public static long? Count(ReadOnlyMemory<byte> model)
    {
        try
        {
            var graph = OnnxModelReader.Read(model).Graph;
            if (graph is null)
            {
                return null;
            }

            long total = 0;
            foreach (var initializer in graph.Initializers)
            {
                total = checked(total + initializer.ElementCount);
            }

            return total;
        }
        catch (Exception ex) when (ex is OnnxFormatException or OverflowException)
        {
            return null;
        }
    }
}
