using Aitbc.Orleans.Onnx.Graph;
using F = Aitbc.Orleans.Onnx.Serialization.OnnxFieldNumbers;

namespace Aitbc.Orleans.Onnx.Serialization;

/// <summary>
/// Reads ModelProto bytes into an <see cref="OnnxModel"/>. Written from onnx.proto's field numbers; fields it does not
/// know are kept encoded on the model, graph, node, attribute, tensor, value info and type they belong to, so
/// <see cref="OnnxModelWriter"/> writes them back. Tensor data are slices of <c>bytes</c>: keep the bytes alive and
/// unchanged while the model is in use. Malformed input throws <see cref="OnnxFormatException"/>.
/// </summary>
public static class OnnxModelReader
{
    /// <summary>How deep graphs (in attributes) and types (sequence of map of ...) may nest; deeper input is refused.</summary>
    public const int MaxNesting = 64;

    public static OnnxModel Read(ReadOnlyMemory<byte> bytes)
    {
        var model = new OnnxModel();
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case F.Model.IrVersion when wire == ProtobufReader.WireVarint:
                    model.IrVersion = reader.ReadInt64();
                    break;
                case F.Model.ProducerName when wire == ProtobufReader.WireLengthDelimited:
                    model.ProducerName = reader.ReadString();
                    break;
                case F.Model.ProducerVersion when wire == ProtobufReader.WireLengthDelimited:
                    model.ProducerVersion = reader.ReadString();
                    break;
                case F.Model.Domain when wire == ProtobufReader.WireLengthDelimited:
                    model.Domain = reader.ReadString();
                    break;
                case F.Model.ModelVersion when wire == ProtobufReader.WireVarint:
                    model.ModelVersion = reader.ReadInt64();
                    break;
                case F.Model.DocString when wire == ProtobufReader.WireLengthDelimited:
                    model.DocString = reader.ReadString();
                    break;
                case F.Model.Graph when wire == ProtobufReader.WireLengthDelimited:
                    model.Graph = ReadGraph(reader.ReadBytes(), 1);
                    break;
                case F.Model.OpsetImport when wire == ProtobufReader.WireLengthDelimited:
                    model.OpsetImports.Add(ReadOpset(reader.ReadBytes()));
                    break;
                case F.Model.MetadataProps when wire == ProtobufReader.WireLengthDelimited:
                    model.MetadataProps.Add(ReadStringEntry(reader.ReadBytes()));
                    break;
                case F.Model.TrainingInfo when wire == ProtobufReader.WireLengthDelimited:
                    model.TrainingInfo.Add(reader.ReadBytes());
                    break;
                case F.Model.Functions when wire == ProtobufReader.WireLengthDelimited:
                    model.Functions.Add(reader.ReadBytes());
                    break;
                case F.Model.Configuration when wire == ProtobufReader.WireLengthDelimited:
                    model.Configurations.Add(reader.ReadBytes());
                    break;
                default:
                    model.UnknownFields.Add(reader.SkipField(start, wire));
                    break;
            }
        }

        return model;
    }

    private static OnnxGraph ReadGraph(ReadOnlyMemory<byte> bytes, int depth)
    {
        CheckDepth(depth);
        var graph = new OnnxGraph();
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            if (wire != ProtobufReader.WireLengthDelimited)
            {
                graph.UnknownFields.Add(reader.SkipField(start, wire));
                continue;
            }

            switch (field)
            {
                case F.Graph.Node:
                    graph.Nodes.Add(ReadNode(reader.ReadBytes(), depth));
                    break;
                case F.Graph.Name:
                    graph.Name = reader.ReadString();
                    break;
                case F.Graph.Initializer:
                    graph.Initializers.Add(ReadTensor(reader.ReadBytes()));
                    break;
                case F.Graph.DocString:
                    graph.DocString = reader.ReadString();
                    break;
                case F.Graph.Input:
                    graph.Inputs.Add(ReadValueInfo(reader.ReadBytes(), depth));
                    break;
                case F.Graph.Output:
                    graph.Outputs.Add(ReadValueInfo(reader.ReadBytes(), depth));
                    break;
                case F.Graph.ValueInfo:
                    graph.ValueInfos.Add(ReadValueInfo(reader.ReadBytes(), depth));
                    break;
                case F.Graph.QuantizationAnnotation:
                    graph.QuantizationAnnotations.Add(reader.ReadBytes());
                    break;
                case F.Graph.SparseInitializer:
                    graph.SparseInitializers.Add(ReadSparseTensor(reader.ReadBytes()));
                    break;
                case F.Graph.MetadataProps:
                    graph.MetadataProps.Add(ReadStringEntry(reader.ReadBytes()));
                    break;
                default:
                    graph.UnknownFields.Add(reader.SkipField(start, wire));
                    break;
            }
        }

        return graph;
    }

    private static OnnxNode ReadNode(ReadOnlyMemory<byte> bytes, int depth)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<OnnxAttribute>();
        var metadata = new List<OnnxStringEntry>();
        var devices = new List<ReadOnlyMemory<byte>>();
        var unknown = new List<ReadOnlyMemory<byte>>();
        string? name = null, opType = null, domain = null, overload = null, doc = null;
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            if (wire != ProtobufReader.WireLengthDelimited)
            {
                unknown.Add(reader.SkipField(start, wire));
                continue;
            }

            switch (field)
            {
                case F.Node.Input:
                    inputs.Add(reader.ReadString());
                    break;
                case F.Node.Output:
                    outputs.Add(reader.ReadString());
                    break;
                case F.Node.Name:
                    name = reader.ReadString();
                    break;
                case F.Node.OpType:
                    opType = reader.ReadString();
                    break;
                case F.Node.Attribute:
                    attributes.Add(ReadAttribute(reader.ReadBytes(), depth));
                    break;
                case F.Node.DocString:
                    doc = reader.ReadString();
                    break;
                case F.Node.Domain:
                    domain = reader.ReadString();
                    break;
                case F.Node.Overload:
                    overload = reader.ReadString();
                    break;
                case F.Node.MetadataProps:
                    metadata.Add(ReadStringEntry(reader.ReadBytes()));
                    break;
                case F.Node.DeviceConfigurations:
                    devices.Add(reader.ReadBytes());
                    break;
                default:
                    unknown.Add(reader.SkipField(start, wire));
                    break;
            }
        }

        return new OnnxNode(opType ?? "", inputs, outputs, name, attributes)
        {
            Domain = domain,
            Overload = overload,
            DocString = doc,
            MetadataProps = metadata,
            DeviceConfigurations = devices,
            UnknownFields = unknown,
        };
    }

    private static OnnxAttribute ReadAttribute(ReadOnlyMemory<byte> bytes, int depth)
    {
        string name = "";
        int? type = null;
        float f = 0;
        long i = 0;
        string s = "";
        OnnxTensor? t = null;
        OnnxGraph? g = null;
        OnnxSparseTensor? sparse = null;
        OnnxType? tp = null;
        string? doc = null, refName = null;
        var floats = new List<float>();
        var ints = new List<ulong>();
        var strings = new List<string>();
        var tensors = new List<OnnxTensor>();
        var graphs = new List<OnnxGraph>();
        var sparses = new List<OnnxSparseTensor>();
        var types = new List<OnnxType>();
        var unknown = new List<ReadOnlyMemory<byte>>();
        // Which value field was present: IR version 1 files carry no type discriminator, so the kind is inferred from it.
        var seen = OnnxAttributeKind.Undefined;
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case F.Attribute.Name when wire == ProtobufReader.WireLengthDelimited:
                    name = reader.ReadString();
                    break;
                case F.Attribute.Type when wire == ProtobufReader.WireVarint:
                    type = reader.ReadInt32();
                    break;
                case F.Attribute.F when wire == ProtobufReader.WireFixed32:
                    f = reader.ReadFloat();
                    seen = OnnxAttributeKind.Float;
                    break;
                case F.Attribute.I when wire == ProtobufReader.WireVarint:
                    i = reader.ReadInt64();
                    seen = OnnxAttributeKind.Int;
                    break;
                case F.Attribute.S when wire == ProtobufReader.WireLengthDelimited:
                    s = reader.ReadString();
                    seen = OnnxAttributeKind.String;
                    break;
                case F.Attribute.T when wire == ProtobufReader.WireLengthDelimited:
                    t = ReadTensor(reader.ReadBytes());
                    seen = OnnxAttributeKind.Tensor;
                    break;
                case F.Attribute.G when wire == ProtobufReader.WireLengthDelimited:
                    g = ReadGraph(reader.ReadBytes(), depth + 1);
                    seen = OnnxAttributeKind.Graph;
                    break;
                case F.Attribute.SparseTensor when wire == ProtobufReader.WireLengthDelimited:
                    sparse = ReadSparseTensor(reader.ReadBytes());
                    seen = OnnxAttributeKind.SparseTensor;
                    break;
                case F.Attribute.Tp when wire == ProtobufReader.WireLengthDelimited:
                    tp = ReadType(reader.ReadBytes(), depth + 1);
                    seen = OnnxAttributeKind.TypeProto;
                    break;
                case F.Attribute.Floats when wire is ProtobufReader.WireFixed32 or ProtobufReader.WireLengthDelimited:
                    reader.ReadFloats(wire, floats);
                    seen = OnnxAttributeKind.Floats;
                    break;
                case F.Attribute.Ints when wire is ProtobufReader.WireVarint or ProtobufReader.WireLengthDelimited:
                    reader.ReadVarints(wire, ints);
                    seen = OnnxAttributeKind.Ints;
                    break;
                case F.Attribute.Strings when wire == ProtobufReader.WireLengthDelimited:
                    strings.Add(reader.ReadString());
                    seen = OnnxAttributeKind.Strings;
                    break;
                case F.Attribute.Tensors when wire == ProtobufReader.WireLengthDelimited:
                    tensors.Add(ReadTensor(reader.ReadBytes()));
                    seen = OnnxAttributeKind.Tensors;
                    break;
                case F.Attribute.Graphs when wire == ProtobufReader.WireLengthDelimited:
                    graphs.Add(ReadGraph(reader.ReadBytes(), depth + 1));
                    seen = OnnxAttributeKind.Graphs;
                    break;
                case F.Attribute.SparseTensors when wire == ProtobufReader.WireLengthDelimited:
                    sparses.Add(ReadSparseTensor(reader.ReadBytes()));
                    seen = OnnxAttributeKind.SparseTensors;
                    break;
                case F.Attribute.TypeProtos when wire == ProtobufReader.WireLengthDelimited:
                    types.Add(ReadType(reader.ReadBytes(), depth + 1));
                    seen = OnnxAttributeKind.TypeProtos;
                    break;
                case F.Attribute.DocString when wire == ProtobufReader.WireLengthDelimited:
                    doc = reader.ReadString();
                    break;
                case F.Attribute.RefAttrName when wire == ProtobufReader.WireLengthDelimited:
                    refName = reader.ReadString();
                    break;
                default:
                    unknown.Add(reader.SkipField(start, wire));
                    break;
            }
        }

        return new OnnxAttribute(name, type is { } declared ? (OnnxAttributeKind)declared : seen)
        {
            FloatValue = f,
            IntValue = i,
            StringValue = s,
            TensorValue = t,
            GraphValue = g,
            SparseTensorValue = sparse,
            TypeValue = tp,
            FloatValues = floats,
            IntValues = ints.ConvertAll(v => unchecked((long)v)),
            StringValues = strings,
            TensorValues = tensors,
            GraphValues = graphs,
            SparseTensorValues = sparses,
            TypeValues = types,
            DocString = doc,
            RefAttrName = refName,
            UnknownFields = unknown,
        };
    }

    private static OnnxTensor ReadTensor(ReadOnlyMemory<byte> bytes)
    {
        var dims = new List<ulong>();
        var floats = new List<float>();
        var int32s = new List<ulong>();
        var strings = new List<ReadOnlyMemory<byte>>();
        var int64s = new List<ulong>();
        var doubles = new List<double>();
        var uint64s = new List<ulong>();
        var external = new List<OnnxStringEntry>();
        var metadata = new List<OnnxStringEntry>();
        var unknown = new List<ReadOnlyMemory<byte>>();
        string? name = null, doc = null;
        var dataType = 0;
        int? location = null;
        OnnxTensorSegment? segment = null;
        ReadOnlyMemory<byte>? raw = null;
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case F.Tensor.Dims when wire is ProtobufReader.WireVarint or ProtobufReader.WireLengthDelimited:
                    reader.ReadVarints(wire, dims);
                    break;
                case F.Tensor.DataType when wire == ProtobufReader.WireVarint:
                    dataType = reader.ReadInt32();
                    break;
                case F.Tensor.Segment when wire == ProtobufReader.WireLengthDelimited:
                    segment = ReadSegment(reader.ReadBytes());
                    break;
                case F.Tensor.FloatData when wire is ProtobufReader.WireFixed32 or ProtobufReader.WireLengthDelimited:
                    reader.ReadFloats(wire, floats);
                    break;
                case F.Tensor.Int32Data when wire is ProtobufReader.WireVarint or ProtobufReader.WireLengthDelimited:
                    reader.ReadVarints(wire, int32s);
                    break;
                case F.Tensor.StringData when wire == ProtobufReader.WireLengthDelimited:
                    strings.Add(reader.ReadBytes());
                    break;
                case F.Tensor.Int64Data when wire is ProtobufReader.WireVarint or ProtobufReader.WireLengthDelimited:
                    reader.ReadVarints(wire, int64s);
                    break;
                case F.Tensor.Name when wire == ProtobufReader.WireLengthDelimited:
                    name = reader.ReadString();
                    break;
                case F.Tensor.RawData when wire == ProtobufReader.WireLengthDelimited:
                    raw = reader.ReadBytes();
                    break;
                case F.Tensor.DoubleData when wire is ProtobufReader.WireFixed64 or ProtobufReader.WireLengthDelimited:
                    reader.ReadDoubles(wire, doubles);
                    break;
                case F.Tensor.UInt64Data when wire is ProtobufReader.WireVarint or ProtobufReader.WireLengthDelimited:
                    reader.ReadVarints(wire, uint64s);
                    break;
                case F.Tensor.DocString when wire == ProtobufReader.WireLengthDelimited:
                    doc = reader.ReadString();
                    break;
                case F.Tensor.ExternalData when wire == ProtobufReader.WireLengthDelimited:
                    external.Add(ReadStringEntry(reader.ReadBytes()));
                    break;
                case F.Tensor.DataLocation when wire == ProtobufReader.WireVarint:
                    location = reader.ReadInt32();
                    break;
                case F.Tensor.MetadataProps when wire == ProtobufReader.WireLengthDelimited:
                    metadata.Add(ReadStringEntry(reader.ReadBytes()));
                    break;
                default:
                    unknown.Add(reader.SkipField(start, wire));
                    break;
            }
        }

        return new OnnxTensor
        {
            Name = name,
            DataType = dataType,
            Dims = dims.ConvertAll(d => unchecked((long)d)),
            Segment = segment,
            FloatData = floats,
            Int32Data = int32s.ConvertAll(v => unchecked((int)v)),
            StringData = strings,
            Int64Data = int64s.ConvertAll(v => unchecked((long)v)),
            DocString = doc,
            RawData = raw,
            ExternalData = external,
            DataLocation = location,
            DoubleData = doubles,
            UInt64Data = uint64s,
            MetadataProps = metadata,
            UnknownFields = unknown,
        };
    }

    private static OnnxSparseTensor ReadSparseTensor(ReadOnlyMemory<byte> bytes)
    {
        OnnxTensor? values = null, indices = null;
        var dims = new List<ulong>();
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case F.SparseTensor.Values when wire == ProtobufReader.WireLengthDelimited:
                    values = ReadTensor(reader.ReadBytes());
                    break;
                case F.SparseTensor.Indices when wire == ProtobufReader.WireLengthDelimited:
                    indices = ReadTensor(reader.ReadBytes());
                    break;
                case F.SparseTensor.Dims when wire is ProtobufReader.WireVarint or ProtobufReader.WireLengthDelimited:
                    reader.ReadVarints(wire, dims);
                    break;
                default:
                    reader.SkipField(start, wire);
                    break;
            }
        }

        return new OnnxSparseTensor(values, indices, dims.ConvertAll(d => unchecked((long)d)));
    }

    private static OnnxValueInfo ReadValueInfo(ReadOnlyMemory<byte> bytes, int depth)
    {
        string name = "";
        string? doc = null;
        OnnxType? type = null;
        var metadata = new List<OnnxStringEntry>();
        var unknown = new List<ReadOnlyMemory<byte>>();
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case F.ValueInfo.Name when wire == ProtobufReader.WireLengthDelimited:
                    name = reader.ReadString();
                    break;
                case F.ValueInfo.Type when wire == ProtobufReader.WireLengthDelimited:
                    type = ReadType(reader.ReadBytes(), depth + 1);
                    break;
                case F.ValueInfo.DocString when wire == ProtobufReader.WireLengthDelimited:
                    doc = reader.ReadString();
                    break;
                case F.ValueInfo.MetadataProps when wire == ProtobufReader.WireLengthDelimited:
                    metadata.Add(ReadStringEntry(reader.ReadBytes()));
                    break;
                default:
                    unknown.Add(reader.SkipField(start, wire));
                    break;
            }
        }

        return new OnnxValueInfo(name, type) { DocString = doc, MetadataProps = metadata, UnknownFields = unknown };
    }

    private static OnnxType ReadType(ReadOnlyMemory<byte> bytes, int depth)
    {
        CheckDepth(depth);
        OnnxType type = new OnnxUnsetType();
        string? denotation = null;
        var unknown = new List<ReadOnlyMemory<byte>>();
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            if (wire != ProtobufReader.WireLengthDelimited)
            {
                unknown.Add(reader.SkipField(start, wire));
                continue;
            }

            switch (field)
            {
                case F.Type.TensorType:
                    var (elem, shape) = ReadTensorType(reader.ReadBytes());
                    type = new OnnxTensorType(elem, shape);
                    break;
                case F.Type.SparseTensorType:
                    var (sparseElem, sparseShape) = ReadTensorType(reader.ReadBytes());
                    type = new OnnxSparseTensorType(sparseElem, sparseShape);
                    break;
                case F.Type.SequenceType:
                    type = new OnnxSequenceType(ReadElementOf(reader.ReadBytes(), depth));
                    break;
                case F.Type.OptionalType:
                    type = new OnnxOptionalType(ReadElementOf(reader.ReadBytes(), depth));
                    break;
                case F.Type.MapType:
                    type = ReadMapType(reader.ReadBytes(), depth);
                    break;
                case F.Type.OpaqueType:
                    type = ReadOpaqueType(reader.ReadBytes());
                    break;
                case F.Type.Denotation:
                    denotation = reader.ReadString();
                    break;
                default:
                    unknown.Add(reader.SkipField(start, wire));
                    break;
            }
        }

        return type with { Denotation = denotation, UnknownFields = unknown };
    }

    private static (int ElementType, List<OnnxDimension>? Shape) ReadTensorType(ReadOnlyMemory<byte> bytes)
    {
        var elem = 0;
        List<OnnxDimension>? shape = null;
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case F.TensorType.ElemType when wire == ProtobufReader.WireVarint:
                    elem = reader.ReadInt32();
                    break;
                case F.TensorType.Shape when wire == ProtobufReader.WireLengthDelimited:
                    shape = ReadShape(reader.ReadBytes());
                    break;
                default:
                    reader.SkipField(start, wire);
                    break;
            }
        }

        return (elem, shape);
    }

    private static List<OnnxDimension> ReadShape(ReadOnlyMemory<byte> bytes)
    {
        var dims = new List<OnnxDimension>();
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            if (field == F.Shape.Dim && wire == ProtobufReader.WireLengthDelimited)
            {
                dims.Add(ReadDimension(reader.ReadBytes()));
            }
            else
            {
                reader.SkipField(start, wire);
            }
        }

        return dims;
    }

    private static OnnxDimension ReadDimension(ReadOnlyMemory<byte> bytes)
    {
        long? value = null;
        string? symbol = null, denotation = null;
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                // dim_value and dim_param are a oneof: the last one read wins, as protobuf decoders do.
                case F.Dimension.DimValue when wire == ProtobufReader.WireVarint:
                    value = reader.ReadInt64();
                    symbol = null;
                    break;
                case F.Dimension.DimParam when wire == ProtobufReader.WireLengthDelimited:
                    symbol = reader.ReadString();
                    value = null;
                    break;
                case F.Dimension.Denotation when wire == ProtobufReader.WireLengthDelimited:
                    denotation = reader.ReadString();
                    break;
                default:
                    reader.SkipField(start, wire);
                    break;
            }
        }

        return new OnnxDimension(value, symbol) { Denotation = denotation };
    }

    private static OnnxType? ReadElementOf(ReadOnlyMemory<byte> bytes, int depth)
    {
        OnnxType? element = null;
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            if (field == F.ElementOf.ElemType && wire == ProtobufReader.WireLengthDelimited)
            {
                element = ReadType(reader.ReadBytes(), depth + 1);
            }
            else
            {
                reader.SkipField(start, wire);
            }
        }

        return element;
    }

    private static OnnxMapType ReadMapType(ReadOnlyMemory<byte> bytes, int depth)
    {
        var key = 0;
        OnnxType? value = null;
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case F.MapType.KeyType when wire == ProtobufReader.WireVarint:
                    key = reader.ReadInt32();
                    break;
                case F.MapType.ValueType when wire == ProtobufReader.WireLengthDelimited:
                    value = ReadType(reader.ReadBytes(), depth + 1);
                    break;
                default:
                    reader.SkipField(start, wire);
                    break;
            }
        }

        return new OnnxMapType(key, value);
    }

    private static OnnxOpaqueType ReadOpaqueType(ReadOnlyMemory<byte> bytes)
    {
        string? domain = null, name = null;
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case F.OpaqueType.Domain when wire == ProtobufReader.WireLengthDelimited:
                    domain = reader.ReadString();
                    break;
                case F.OpaqueType.Name when wire == ProtobufReader.WireLengthDelimited:
                    name = reader.ReadString();
                    break;
                default:
                    reader.SkipField(start, wire);
                    break;
            }
        }

        return new OnnxOpaqueType(domain, name);
    }

    private static OnnxOpsetImport ReadOpset(ReadOnlyMemory<byte> bytes)
    {
        string? domain = null;
        long version = 0;
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case F.OpsetId.Domain when wire == ProtobufReader.WireLengthDelimited:
                    domain = reader.ReadString();
                    break;
                case F.OpsetId.Version when wire == ProtobufReader.WireVarint:
                    version = reader.ReadInt64();
                    break;
                default:
                    reader.SkipField(start, wire);
                    break;
            }
        }

        return new OnnxOpsetImport(domain, version);
    }

    private static OnnxStringEntry ReadStringEntry(ReadOnlyMemory<byte> bytes)
    {
        string? key = null, value = null;
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case F.StringEntry.Key when wire == ProtobufReader.WireLengthDelimited:
                    key = reader.ReadString();
                    break;
                case F.StringEntry.Value when wire == ProtobufReader.WireLengthDelimited:
                    value = reader.ReadString();
                    break;
                default:
                    reader.SkipField(start, wire);
                    break;
            }
        }

        return new OnnxStringEntry(key, value);
    }

    private static OnnxTensorSegment ReadSegment(ReadOnlyMemory<byte> bytes)
    {
        long? begin = null, end = null;
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case F.Segment.Begin when wire == ProtobufReader.WireVarint:
                    begin = reader.ReadInt64();
                    break;
                case F.Segment.End when wire == ProtobufReader.WireVarint:
                    end = reader.ReadInt64();
                    break;
                default:
                    reader.SkipField(start, wire);
                    break;
            }
        }

        return new OnnxTensorSegment(begin, end);
    }

    private static void CheckDepth(int depth)
    {
        if (depth > MaxNesting)
        {
            throw new OnnxFormatException($"graphs or types nest deeper than {MaxNesting} levels");
        }
    }
}
