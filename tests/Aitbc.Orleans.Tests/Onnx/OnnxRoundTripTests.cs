using System.Text;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Onnx.Graph;
using Aitbc.Orleans.Onnx.Serialization;
using Aitbc.Orleans.Tests.Gateway;

namespace Aitbc.Orleans.Tests.Onnx;

public sealed class OnnxRoundTripTests
{
    public static TheoryData<string> DemoModelNames => ["default", "mlp-fp16", "convnet", "alltypes", "multichunk"];

    [Theory]
    [MemberData(nameof(DemoModelNames))]
    public void Demo_models_read_and_write_back_byte_for_byte(string name)
    {
        var original = DemoModelBytes(name);

        var model = OnnxModelReader.Read(original);
        var written = OnnxModelWriter.Write(model);

        Assert.Equal(original, written);
        Assert.Equal(OnnxDump.Of(model), OnnxDump.Of(OnnxModelReader.Read(written)));
    }

    [Fact]
    public void Reader_parses_the_demo_mlp_into_its_graph()
    {
        var model = OnnxModelReader.Read(DemoModels.Default.ModelBytes);

        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, model.DefaultOpsetVersion);
        var graph = model.RequireGraph();
        Assert.Equal(["MatMul", "Add", "Relu", "MatMul", "Add"], graph.Nodes.Select(n => n.OpType));
        Assert.Equal(["l0_w", "l0_b", "l1_w", "l1_b"], graph.Initializers.Select(t => t.Name));
        var w0 = graph.FindInitializer("l0_w")!;
        Assert.Equal([16L, 32L], w0.Dims);
        Assert.Equal(DemoModels.Default.Layers[0].Weights, w0.ToFloats());
        var input = Assert.IsType<OnnxTensorType>(Assert.Single(graph.Inputs).Type);
        Assert.Equal(OnnxDataType.Float, input.ElementType);
        Assert.Equal([new OnnxDimension(null, "batch"), new OnnxDimension(16, null)], input.Shape);
    }

    [Fact]
    public void Model_with_every_attribute_kind_survives_write_read_write()
    {
        var original = EveryKindModel();

        var bytes = OnnxModelWriter.Write(original);
        var read = OnnxModelReader.Read(bytes);

        Assert.Equal(OnnxDump.Of(original), OnnxDump.Of(read));
        Assert.Equal(bytes, OnnxModelWriter.Write(read));
        var kinds = read.RequireGraph().Nodes[0].Attributes.Select(a => a.Kind).ToHashSet();
        Assert.Equal(Enum.GetValues<OnnxAttributeKind>().Where(k => k != OnnxAttributeKind.Undefined).ToHashSet(), kinds);
    }

    [Fact]
    public void Packed_and_unpacked_repeated_fields_read_the_same()
    {
        // dims unpacked (as onnx.proto declares them) and packed (as some writers emit them anyway).
        var unpacked = new ProtobufWriter().WriteInt64(1, 2).WriteInt64(1, 3).WriteInt32(2, OnnxDataType.Float).WriteString(8, "w");
        var packed = new ProtobufWriter().WritePackedVarints(1, new long[] { 2, 3 }).WriteInt32(2, OnnxDataType.Float).WriteString(8, "w");

        foreach (var tensorBytes in new[] { unpacked.ToArray(), packed.ToArray() })
        {
            var model = new ProtobufWriter().WriteMessage(7, g => g.WriteBytes(5, tensorBytes)).ToArray();
            var tensor = Assert.Single(OnnxModelReader.Read(model).RequireGraph().Initializers);
            Assert.Equal([2L, 3L], tensor.Dims);
            Assert.Equal(6, tensor.ElementCount);
        }
    }

    [Fact]
    public void Truncated_or_corrupted_bytes_fail_with_a_format_error_and_nothing_else()
    {
        // Uploads are untrusted: damaged bytes must be refused with OnnxFormatException (any other exception fails
        // this test), never crash the reader, loop or allocate without bound.
        var bytes = DemoModels.ConvNet(seed: 1, channels: [2]).ModelBytes;
        var refused = 0;
        for (var length = 0; length < bytes.Length; length++)
        {
            refused += Refused(bytes.AsMemory(0, length)) ? 1 : 0;
            var corrupted = (byte[])bytes.Clone();
            corrupted[length] ^= 0xFF;
            refused += Refused(corrupted) ? 1 : 0;
        }

        // Most prefixes end inside a field; a few damaged copies still parse (a flipped byte inside a float, say).
        Assert.True(refused > bytes.Length / 2, $"only {refused} of {2 * bytes.Length} damaged copies were refused");
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused()
    {
        OnnxType type = new OnnxTensorType(OnnxDataType.Float, null);
        for (var i = 0; i < OnnxModelReader.MaxNesting + 1; i++)
        {
            type = new OnnxSequenceType(type);
        }

        var model = new OnnxModel { Graph = new OnnxGraph { Inputs = [new OnnxValueInfo("x", type)] } };

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(OnnxModelWriter.Write(model)));
        Assert.Contains("nest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_utf8_strings_are_refused()
    {
        var model = new ProtobufWriter().WriteBytes(2, new byte[] { 0xC3, 0x28 }).ToArray(); // producer_name, invalid UTF-8

        Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(model));
    }

    private static bool Refused(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            OnnxModelReader.Read(bytes);
            return false;
        }
        catch (OnnxFormatException)
        {
            return true;
        }
    }

    private static byte[] DemoModelBytes(string name) => name switch
    {
        "default" => DemoModels.Default.ModelBytes,
        "mlp-fp16" => DemoModels.Mlp(2, 16, 8, 3, seed: 3, elementType: Aitbc.Orleans.Tensors.TensorElementType.Float16).ModelBytes,
        "convnet" => DemoModels.ConvNet(seed: 5).ModelBytes,
        "alltypes" => TestModels.AllTypes(),
        "multichunk" => TestModels.MultiChunk(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>
    /// One node with an attribute of every AttributeType, tensors using every data field, every TypeProto case, and
    /// fields no ONNX version defines (which must survive too).
    /// </summary>
    private static OnnxModel EveryKindModel()
    {
        // Two fields no ONNX version defines; the reader keeps each unknown field as its own entry.
        ReadOnlyMemory<byte>[] unknown = [new ProtobufWriter().WriteInt64(999, 7).ToArray(), new ProtobufWriter().WriteString(1000, "future").ToArray()];
        var weights = OnnxTensor.FromFloats("w", [1f, -2.5f, 3.25f, float.Epsilon], 2, 2) with
        {
            DocString = "weights",
            MetadataProps = [new OnnxStringEntry("origin", "test")],
            UnknownFields = unknown,
        };
        var typed = new[]
        {
            new OnnxTensor { Name = "floats", DataType = OnnxDataType.Float, Dims = [2], FloatData = [0.5f, -0f] },
            new OnnxTensor { Name = "halves", DataType = OnnxDataType.Float16, Dims = [2], Int32Data = [0x3C00, 0xC000] },
            new OnnxTensor { Name = "longs", DataType = OnnxDataType.Int64, Dims = [3], Int64Data = [1, -1, long.MaxValue] },
            new OnnxTensor { Name = "doubles", DataType = OnnxDataType.Double, Dims = [2], DoubleData = [Math.PI, double.MinValue] },
            new OnnxTensor { Name = "ulongs", DataType = OnnxDataType.UInt64, Dims = [1], UInt64Data = [ulong.MaxValue] },
            new OnnxTensor
            {
                Name = "strings", DataType = OnnxDataType.String, Dims = [2],
                StringData = [Encoding.UTF8.GetBytes("héllo"), new byte[] { 0, 0xFF }],
            },
            new OnnxTensor
            {
                Name = "external", DataType = OnnxDataType.Float, Dims = [1000], DataLocation = 1,
                ExternalData = [new OnnxStringEntry("location", "weights.bin"), new OnnxStringEntry("offset", "4096")],
            },
            new OnnxTensor { Name = "segment", DataType = OnnxDataType.Float, Dims = [4], Segment = new OnnxTensorSegment(0, 2), FloatData = [1f, 2f] },
            new OnnxTensor { Name = "empty", DataType = OnnxDataType.Float, Dims = [0], RawData = ReadOnlyMemory<byte>.Empty },
        };
        var sparse = new OnnxSparseTensor(OnnxTensor.FromFloats("sv", [1f, 2f], 2), OnnxTensor.FromInt64s("si", [0, 3], 2), [4]);
        var body = new OnnxGraph
        {
            Name = "body",
            Nodes = [new OnnxNode("Identity", ["x"], ["y"], "inner", [])],
            Inputs = [OnnxValueInfo.Tensor("x", OnnxDataType.Float)],
            Outputs = [OnnxValueInfo.Tensor("y", OnnxDataType.Float)],
        };
        OnnxType[] types =
        [
            new OnnxTensorType(OnnxDataType.Float, [1, "n", new OnnxDimension(null, null), new OnnxDimension(3, null) { Denotation = "DATA_CHANNEL" }])
            {
                Denotation = "TENSOR",
            },
            new OnnxTensorType(OnnxDataType.Int64, null),
            new OnnxTensorType(OnnxDataType.Bool, []),
            new OnnxSequenceType(new OnnxTensorType(OnnxDataType.Int64, null)),
            new OnnxMapType(OnnxDataType.String, new OnnxTensorType(OnnxDataType.Float, [])),
            new OnnxOptionalType(new OnnxSequenceType(null)),
            new OnnxSparseTensorType(OnnxDataType.Float, [4]),
            new OnnxOpaqueType("custom.domain", "Thing"),
            new OnnxUnsetType { Denotation = "IMAGE", UnknownFields = unknown },
        ];
        OnnxAttribute[] attributes =
        [
            OnnxAttribute.Float("f", -0.125f) with { DocString = "a float" },
            OnnxAttribute.Int("i", long.MinValue),
            OnnxAttribute.String("s", "ünïcode"),
            OnnxAttribute.Tensor("t", weights),
            OnnxAttribute.Graph("g", body),
            OnnxAttribute.Floats("floats", 1f, float.MaxValue, float.NegativeInfinity),
            OnnxAttribute.Ints("ints", 0, -1, 1L << 40),
            OnnxAttribute.Strings("strings", "a", "", "c"),
            new OnnxAttribute("tensors", OnnxAttributeKind.Tensors) { TensorValues = typed },
            new OnnxAttribute("graphs", OnnxAttributeKind.Graphs) { GraphValues = [body, new OnnxGraph()] },
            new OnnxAttribute("sparse", OnnxAttributeKind.SparseTensor) { SparseTensorValue = sparse },
            new OnnxAttribute("sparses", OnnxAttributeKind.SparseTensors) { SparseTensorValues = [sparse, sparse] },
            new OnnxAttribute("tp", OnnxAttributeKind.TypeProto) { TypeValue = types[0] },
            new OnnxAttribute("tps", OnnxAttributeKind.TypeProtos) { TypeValues = types, UnknownFields = unknown },
            new OnnxAttribute("alpha", OnnxAttributeKind.Float) { RefAttrName = "parent_alpha" },
        ];
        var node = new OnnxNode("EveryAttribute", ["x", "", "w"], ["y", "z"], "every", attributes)
        {
            Domain = "test.custom",
            Overload = "v2",
            DocString = "node doc",
            MetadataProps = [new OnnxStringEntry("k", null)],
            DeviceConfigurations = [new ProtobufWriter().WriteString(1, "config").ToArray()],
            UnknownFields = unknown,
        };
        var model = new OnnxModel
        {
            IrVersion = 10,
            ProducerName = "test",
            ProducerVersion = "",
            Domain = "org.test",
            ModelVersion = -3,
            DocString = "every kind",
            Graph = new OnnxGraph
            {
                Nodes = [node],
                Name = "main",
                Initializers = [weights, .. typed],
                SparseInitializers = [sparse],
                DocString = "graph doc",
                Inputs = [new OnnxValueInfo("x", types[0]) { DocString = "input", MetadataProps = [new OnnxStringEntry("a", "b")] }],
                Outputs = [new OnnxValueInfo("y", null), new OnnxValueInfo("z", types[3]) { UnknownFields = unknown }],
                ValueInfos = [.. types.Select((t, i) => new OnnxValueInfo($"v{i}", t))],
                QuantizationAnnotations = [new ProtobufWriter().WriteString(1, "w").ToArray()],
                MetadataProps = [new OnnxStringEntry("graph", "meta")],
                UnknownFields = [.. unknown],
            },
            MetadataProps = [new OnnxStringEntry("author", "aitbc")],
            TrainingInfo = [new ProtobufWriter().WriteMessage(1, g => g.WriteString(2, "init")).ToArray()],
            Functions = [new ProtobufWriter().WriteString(1, "MyFunction").ToArray()],
            Configurations = [new ProtobufWriter().WriteString(1, "two-gpus").WriteInt32(2, 2).ToArray()],
            UnknownFields = [.. unknown],
        };
        model.OpsetImports.Add(new OnnxOpsetImport("", 21));
        model.OpsetImports.Add(new OnnxOpsetImport("test.custom", 1));
        return model;
    }
}
