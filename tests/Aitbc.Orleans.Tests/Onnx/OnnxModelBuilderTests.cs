using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Onnx.Serialization;
using Aitbc.Orleans.Tensors;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace Aitbc.Orleans.Tests.Onnx;

public sealed class OnnxModelBuilderTests
{
    [Fact]
    public void Protobuf_writer_encodes_varints_and_tags_per_the_wire_format()
    {
        Assert.Equal([0x08, 0x96, 0x01], new ProtobufWriter().WriteInt64(1, 150).ToArray());
        Assert.Equal([0x12, 0x02, 0x68, 0x69], new ProtobufWriter().WriteString(2, "hi").ToArray());
        Assert.Equal([0x15, 0x00, 0x00, 0x80, 0x3F], new ProtobufWriter().WriteFloat(2, 1f).ToArray());
        // Negative int64: ten bytes of two's complement.
        Assert.Equal([0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], new ProtobufWriter().WriteInt64(3, -1).ToArray());
        Assert.Equal([0xA0, 0x01, 0x07], new ProtobufWriter().WriteInt32(20, 7).ToArray());
        Assert.Equal([0x3A, 0x02, 0x08, 0x01], new ProtobufWriter().WriteMessage(7, m => m.WriteInt64(1, 1)).ToArray());
    }

    [Fact]
    public void Model_starts_with_ir_version_and_is_deterministic()
    {
        var first = DemoModels.Mlp(2, 8, 4, 2, seed: 1);
        var second = DemoModels.Mlp(2, 8, 4, 2, seed: 1);

        Assert.Equal([0x08, 0x08], first.ModelBytes[..2]); // field 1 (ir_version) = 8
        Assert.Equal(first.ModelBytes, second.ModelBytes);
        Assert.NotEqual(first.Sha256, DemoModels.Mlp(2, 8, 4, 2, seed: 2).Sha256);
    }

    [Fact]
    public void Built_graph_declares_symbolic_and_fixed_dimensions()
    {
        var bytes = new OnnxModelBuilder("relu")
            .Input("x", TensorElementType.Float32, "batch", 3)
            .Relu("x", "y")
            .Output("y", TensorElementType.Float32, "batch", 3)
            .Build();
        using var session = new InferenceSession(bytes);

        Assert.Equal([-1, 3], session.InputMetadata["x"].Dimensions);
        Assert.Equal("batch", session.InputMetadata["x"].SymbolicDimensions[0]);
        Assert.Equal([-1, 3], session.OutputMetadata["y"].Dimensions);
    }

    [Fact]
    public void Builder_refuses_malformed_initializers_and_empty_graphs()
    {
        var builder = new OnnxModelBuilder("bad");
        Assert.Throws<ArgumentException>(() => builder.Initializer("w", new TensorData(TensorElementType.Float32, [2], new byte[4])));
        Assert.Throws<InvalidOperationException>(builder.Build);
    }
}
