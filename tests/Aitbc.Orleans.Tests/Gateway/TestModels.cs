using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>Small real ONNX models for upload tests. A unique doc string gives each call its own content (and id).</summary>
public static class TestModels
{
    /// <summary>x: float32 [batch, 4] → Identity → y. Jobs on it carry one input "x".</summary>
    public static byte[] Identity4(string? tag = null) =>
        new OnnxModelBuilder("identity4") { DocString = tag ?? Guid.NewGuid().ToString("N") }
            .Input("x", TensorElementType.Float32, "batch", 4)
            .Identity("x", "y")
            .Output("y", TensorElementType.Float32, "batch", 4)
            .Build();

    /// <summary>One input per supported element type, each passed through, so JSON tensors of every type can be submitted.</summary>
    public static byte[] AllTypes()
    {
        var builder = new OnnxModelBuilder("alltypes") { DocString = Guid.NewGuid().ToString("N") };
        foreach (var (name, type) in Types)
        {
            builder.Input(name, type, "n").Identity(name, $"{name}_out").Output($"{name}_out", type, "n");
        }

        return builder.Build();
    }

    public static readonly (string Name, TensorElementType Type)[] Types =
    [
        ("f32", TensorElementType.Float32),
        ("f16", TensorElementType.Float16),
        ("f64", TensorElementType.Float64),
        ("i64", TensorElementType.Int64),
        ("i32", TensorElementType.Int32),
        ("i8", TensorElementType.Int8),
        ("u8", TensorElementType.UInt8),
        ("b", TensorElementType.Bool),
    ];

    /// <summary>Identity4 plus a large unused initializer, so the file spans two 1 MiB chunks.</summary>
    public static byte[] MultiChunk(int floats = 300_000)
    {
        var weights = new float[floats];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = i * 0.001f;
        }

        return new OnnxModelBuilder("multichunk") { DocString = Guid.NewGuid().ToString("N") }
            .Input("x", TensorElementType.Float32, "batch", 4)
            .Initializer("w", TensorData.FromFloats(weights, floats))
            .Identity("x", "y")
            .Output("y", TensorElementType.Float32, "batch", 4)
            .Build();
    }
}
