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

    private const int Varint = ProtobufReader.WireVarint;
    private const int Bytes = ProtobufReader.WireLengthDelimited;
    private const int Fixed32 = ProtobufReader.WireFixed32;
    private const int Fixed64 = ProtobufReader.WireFixed64;

    public static OnnxModel Read(ReadOnlyMemory<byte> bytes)
    {
        var model = new OnnxModel();
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            switch ((field, wire))
            {
                case (F.Model.IrVersion, Varint): model.IrVersion = r.ReadInt64(); break;
                case (F.Model.ProducerName, Bytes): model.ProducerName = r.ReadString(); break;
                case (F.Model.ProducerVersion, Bytes): model.ProducerVersion = r.ReadString(); break;
                case (F.Model.Domain, Bytes): model.Domain = r.ReadString(); break;
                case (F.Model.ModelVersion, Varint): model.ModelVersion = r.ReadInt64(); break;
                case (F.Model.DocString, Bytes): model.DocString = r.ReadString(); break;
                case (F.Model.Graph, Bytes): model.Graph = ReadGraph(r.ReadBytes(), 1); break;
                case (F.Model.OpsetImport, Bytes): model.OpsetImports.Add(ReadOpset(r.ReadBytes())); break;
                case (F.Model.MetadataProps, Bytes): model.MetadataProps.Add(ReadStringEntry(r.ReadBytes())); break;
                case (F.Model.TrainingInfo, Bytes): model.TrainingInfo.Add(r.ReadBytes()); break;
                case (F.Model.Functions, Bytes): model.Functions.Add(r.ReadBytes()); break;
                case (F.Model.Configuration, Bytes): model.Configurations.Add(r.ReadBytes()); break;
                default: return false;
            }

            return true;
        }, model.UnknownFields);
        return model;
    }

    private static OnnxGraph ReadGraph(ReadOnlyMemory<byte> bytes, int depth)
    {
        CheckDepth(depth);
        var graph = new OnnxGraph();
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            switch ((field, wire))
            {
                case (F.Graph.Node, Bytes): graph.Nodes.Add(ReadNode(r.ReadBytes(), depth)); break;
                case (F.Graph.Name, Bytes): graph.Name = r.ReadString(); break;
                case (F.Graph.Initializer, Bytes): graph.Initializers.Add(ReadTensor(r.ReadBytes())); break;
                case (F.Graph.DocString, Bytes): graph.DocString = r.ReadString(); break;
                case (F.Graph.Input, Bytes): graph.Inputs.Add(ReadValueInfo(r.ReadBytes(), depth)); break;
                case (F.Graph.Output, Bytes): graph.Outputs.Add(ReadValueInfo(r.ReadBytes(), depth)); break;
                case (F.Graph.ValueInfo, Bytes): graph.ValueInfos.Add(ReadValueInfo(r.ReadBytes(), depth)); break;
                case (F.Graph.QuantizationAnnotation, Bytes): graph.QuantizationAnnotations.Add(r.ReadBytes()); break;
                case (F.Graph.SparseInitializer, Bytes): graph.SparseInitializers.Add(ReadSparseTensor(r.ReadBytes())); break;
                case (F.Graph.MetadataProps, Bytes): graph.MetadataProps.Add(ReadStringEntry(r.ReadBytes())); break;
                default: return false;
            }

            return true;
        }, graph.UnknownFields);
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
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            switch ((field, wire))
            {
                case (F.Node.Input, Bytes): inputs.Add(r.ReadString()); break;
                case (F.Node.Output, Bytes): outputs.Add(r.ReadString()); break;
                case (F.Node.Name, Bytes): name = r.ReadString(); break;
                case (F.Node.OpType, Bytes): opType = r.ReadString(); break;
                case (F.Node.Attribute, Bytes): attributes.Add(ReadAttribute(r.ReadBytes(), depth)); break;
                case (F.Node.DocString, Bytes): doc = r.ReadString(); break;
                case (F.Node.Domain, Bytes): domain = r.ReadString(); break;
                case (F.Node.Overload, Bytes): overload = r.ReadString(); break;
                case (F.Node.MetadataProps, Bytes): metadata.Add(ReadStringEntry(r.ReadBytes())); break;
                case (F.Node.DeviceConfigurations, Bytes): devices.Add(r.ReadBytes()); break;
                default: return false;
            }

            return true;
        }, unknown);
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
        var a = new OnnxAttribute("", OnnxAttributeKind.Undefined);
        int? type = null;
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
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            switch ((field, wire))
            {
                case (F.Attribute.Name, Bytes): a = a with { Name = r.ReadString() }; break;
                case (F.Attribute.Type, Varint): type = r.ReadInt32(); break;
                case (F.Attribute.F, Fixed32): a = a with { FloatValue = r.ReadFloat() }; seen = OnnxAttributeKind.Float; break;
                case (F.Attribute.I, Varint): a = a with { IntValue = r.ReadInt64() }; seen = OnnxAttributeKind.Int; break;
                case (F.Attribute.S, Bytes): a = a with { StringValue = r.ReadString() }; seen = OnnxAttributeKind.String; break;
                case (F.Attribute.T, Bytes): a = a with { TensorValue = ReadTensor(r.ReadBytes()) }; seen = OnnxAttributeKind.Tensor; break;
                case (F.Attribute.G, Bytes): a = a with { GraphValue = ReadGraph(r.ReadBytes(), depth + 1) }; seen = OnnxAttributeKind.Graph; break;
                case (F.Attribute.SparseTensor, Bytes): a = a with { SparseTensorValue = ReadSparseTensor(r.ReadBytes()) }; seen = OnnxAttributeKind.SparseTensor; break;
                case (F.Attribute.Tp, Bytes): a = a with { TypeValue = ReadType(r.ReadBytes(), depth + 1) }; seen = OnnxAttributeKind.TypeProto; break;
                case (F.Attribute.Floats, Fixed32 or Bytes): r.ReadFloats(wire, floats); seen = OnnxAttributeKind.Floats; break;
                case (F.Attribute.Ints, Varint or Bytes): r.ReadVarints(wire, ints); seen = OnnxAttributeKind.Ints; break;
                case (F.Attribute.Strings, Bytes): strings.Add(r.ReadString()); seen = OnnxAttributeKind.Strings; break;
                case (F.Attribute.Tensors, Bytes): tensors.Add(ReadTensor(r.ReadBytes())); seen = OnnxAttributeKind.Tensors; break;
                case (F.Attribute.Graphs, Bytes): graphs.Add(ReadGraph(r.ReadBytes(), depth + 1)); seen = OnnxAttributeKind.Graphs; break;
                case (F.Attribute.SparseTensors, Bytes): sparses.Add(ReadSparseTensor(r.ReadBytes())); seen = OnnxAttributeKind.SparseTensors; break;
                case (F.Attribute.TypeProtos, Bytes): types.Add(ReadType(r.ReadBytes(), depth + 1)); seen = OnnxAttributeKind.TypeProtos; break;
                case (F.Attribute.DocString, Bytes): a = a with { DocString = r.ReadString() }; break;
                case (F.Attribute.RefAttrName, Bytes): a = a with { RefAttrName = r.ReadString() }; break;
                default: return false;
            }

            return true;
        }, unknown);
        return a with
        {
            Kind = type is { } declared ? (OnnxAttributeKind)declared : seen,
            FloatValues = floats,
            IntValues = ints.ConvertAll(v => unchecked((long)v)),
            StringValues = strings,
            TensorValues = tensors,
            GraphValues = graphs,
            SparseTensorValues = sparses,
            TypeValues = types,
            UnknownFields = unknown,
        };
    }

    private static OnnxTensor ReadTensor(ReadOnlyMemory<byte> bytes)
    {
        var t = new OnnxTensor();
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
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            switch ((field, wire))
            {
                case (F.Tensor.Dims, Varint or Bytes): r.ReadVarints(wire, dims); break;
                case (F.Tensor.DataType, Varint): t = t with { DataType = r.ReadInt32() }; break;
                case (F.Tensor.Segment, Bytes): t = t with { Segment = ReadSegment(r.ReadBytes()) }; break;
                case (F.Tensor.FloatData, Fixed32 or Bytes): r.ReadFloats(wire, floats); break;
                case (F.Tensor.Int32Data, Varint or Bytes): r.ReadVarints(wire, int32s); break;
                case (F.Tensor.StringData, Bytes): strings.Add(r.ReadBytes()); break;
                case (F.Tensor.Int64Data, Varint or Bytes): r.ReadVarints(wire, int64s); break;
                case (F.Tensor.Name, Bytes): t = t with { Name = r.ReadString() }; break;
                case (F.Tensor.RawData, Bytes): t = t with { RawData = r.ReadBytes() }; break;
                case (F.Tensor.DoubleData, Fixed64 or Bytes): r.ReadDoubles(wire, doubles); break;
                case (F.Tensor.UInt64Data, Varint or Bytes): r.ReadVarints(wire, uint64s); break;
                case (F.Tensor.DocString, Bytes): t = t with { DocString = r.ReadString() }; break;
                case (F.Tensor.ExternalData, Bytes): external.Add(ReadStringEntry(r.ReadBytes())); break;
                case (F.Tensor.DataLocation, Varint): t = t with { DataLocation = r.ReadInt32() }; break;
                case (F.Tensor.MetadataProps, Bytes): metadata.Add(ReadStringEntry(r.ReadBytes())); break;
                default: return false;
            }

            return true;
        }, unknown);
        return t with
        {
            Dims = dims.ConvertAll(d => unchecked((long)d)),
            FloatData = floats,
            Int32Data = int32s.ConvertAll(v => unchecked((int)v)),
            StringData = strings,
            Int64Data = int64s.ConvertAll(v => unchecked((long)v)),
            DoubleData = doubles,
            UInt64Data = uint64s,
            ExternalData = external,
            MetadataProps = metadata,
            UnknownFields = unknown,
        };
    }

    private static OnnxSparseTensor ReadSparseTensor(ReadOnlyMemory<byte> bytes)
    {
        OnnxTensor? values = null, indices = null;
        var dims = new List<ulong>();
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            switch ((field, wire))
            {
                case (F.SparseTensor.Values, Bytes): values = ReadTensor(r.ReadBytes()); break;
                case (F.SparseTensor.Indices, Bytes): indices = ReadTensor(r.ReadBytes()); break;
                case (F.SparseTensor.Dims, Varint or Bytes): r.ReadVarints(wire, dims); break;
                default: return false;
            }

            return true;
        });
        return new OnnxSparseTensor(values, indices, dims.ConvertAll(d => unchecked((long)d)));
    }

    private static OnnxValueInfo ReadValueInfo(ReadOnlyMemory<byte> bytes, int depth)
    {
        var info = new OnnxValueInfo("", null);
        var metadata = new List<OnnxStringEntry>();
        var unknown = new List<ReadOnlyMemory<byte>>();
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            switch ((field, wire))
            {
                case (F.ValueInfo.Name, Bytes): info = info with { Name = r.ReadString() }; break;
                case (F.ValueInfo.Type, Bytes): info = info with { Type = ReadType(r.ReadBytes(), depth + 1) }; break;
                case (F.ValueInfo.DocString, Bytes): info = info with { DocString = r.ReadString() }; break;
                case (F.ValueInfo.MetadataProps, Bytes): metadata.Add(ReadStringEntry(r.ReadBytes())); break;
                default: return false;
            }

            return true;
        }, unknown);
        return info with { MetadataProps = metadata, UnknownFields = unknown };
    }

    private static OnnxType ReadType(ReadOnlyMemory<byte> bytes, int depth)
    {
        CheckDepth(depth);
        OnnxType type = new OnnxUnsetType();
        string? denotation = null;
        var unknown = new List<ReadOnlyMemory<byte>>();
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            switch ((field, wire))
            {
                case (F.Type.TensorType, Bytes):
                    var (elem, shape) = ReadTensorType(r.ReadBytes());
                    type = new OnnxTensorType(elem, shape);
                    break;
                case (F.Type.SparseTensorType, Bytes):
                    var (sparseElem, sparseShape) = ReadTensorType(r.ReadBytes());
                    type = new OnnxSparseTensorType(sparseElem, sparseShape);
                    break;
                case (F.Type.SequenceType, Bytes): type = new OnnxSequenceType(ReadElementOf(r.ReadBytes(), depth)); break;
                case (F.Type.OptionalType, Bytes): type = new OnnxOptionalType(ReadElementOf(r.ReadBytes(), depth)); break;
                case (F.Type.MapType, Bytes): type = ReadMapType(r.ReadBytes(), depth); break;
                case (F.Type.OpaqueType, Bytes): type = ReadOpaqueType(r.ReadBytes()); break;
                case (F.Type.Denotation, Bytes): denotation = r.ReadString(); break;
                default: return false;
            }

            return true;
        }, unknown);
        return type with { Denotation = denotation, UnknownFields = unknown };
    }

    private static (int ElementType, List<OnnxDimension>? Shape) ReadTensorType(ReadOnlyMemory<byte> bytes)
    {
        var elem = 0;
        List<OnnxDimension>? shape = null;
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            switch ((field, wire))
            {
                case (F.TensorType.ElemType, Varint): elem = r.ReadInt32(); break;
                case (F.TensorType.Shape, Bytes): shape = ReadShape(r.ReadBytes()); break;
                default: return false;
            }

            return true;
        });
        return (elem, shape);
    }

    private static List<OnnxDimension> ReadShape(ReadOnlyMemory<byte> bytes)
    {
        var dims = new List<OnnxDimension>();
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            if ((field, wire) is not (F.Shape.Dim, Bytes))
            {
                return false;
            }

            dims.Add(ReadDimension(r.ReadBytes()));
            return true;
        });
        return dims;
    }

    private static OnnxDimension ReadDimension(ReadOnlyMemory<byte> bytes)
    {
        var dim = new OnnxDimension(null, null);
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            switch ((field, wire))
            {
                // dim_value and dim_param are a oneof: the last one read wins, as protobuf decoders do.
                case (F.Dimension.DimValue, Varint): dim = dim with { Value = r.ReadInt64(), Symbol = null }; break;
                case (F.Dimension.DimParam, Bytes): dim = dim with { Symbol = r.ReadString(), Value = null }; break;
                case (F.Dimension.Denotation, Bytes): dim = dim with { Denotation = r.ReadString() }; break;
                default: return false;
            }

            return true;
        });
        return dim;
    }

    private static OnnxType? ReadElementOf(ReadOnlyMemory<byte> bytes, int depth)
    {
        OnnxType? element = null;
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            if ((field, wire) is not (F.ElementOf.ElemType, Bytes))
            {
                return false;
            }

            element = ReadType(r.ReadBytes(), depth + 1);
            return true;
        });
        return element;
    }

    private static OnnxMapType ReadMapType(ReadOnlyMemory<byte> bytes, int depth)
    {
        var map = new OnnxMapType(0, null);
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            switch ((field, wire))
            {
                case (F.MapType.KeyType, Varint): map = map with { KeyType = r.ReadInt32() }; break;
                case (F.MapType.ValueType, Bytes): map = map with { ValueType = ReadType(r.ReadBytes(), depth + 1) }; break;
                default: return false;
            }

            return true;
        });
        return map;
    }

    private static OnnxOpaqueType ReadOpaqueType(ReadOnlyMemory<byte> bytes)
    {
        var (domain, name) = ReadStringPair(bytes, F.OpaqueType.Domain, F.OpaqueType.Name);
        return new OnnxOpaqueType(domain, name);
    }

    private static OnnxStringEntry ReadStringEntry(ReadOnlyMemory<byte> bytes)
    {
        var (key, value) = ReadStringPair(bytes, F.StringEntry.Key, F.StringEntry.Value);
        return new OnnxStringEntry(key, value);
    }

    private static (string? First, string? Second) ReadStringPair(ReadOnlyMemory<byte> bytes, int firstField, int secondField)
    {
        string? first = null, second = null;
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            if (wire != Bytes || (field != firstField && field != secondField))
            {
                return false;
            }

            if (field == firstField)
            {
                first = r.ReadString();
            }
            else
            {
                second = r.ReadString();
            }

            return true;
        });
        return (first, second);
    }

    private static OnnxOpsetImport ReadOpset(ReadOnlyMemory<byte> bytes)
    {
        var opset = new OnnxOpsetImport(null, 0);
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            switch ((field, wire))
            {
                case (F.OpsetId.Domain, Bytes): opset = opset with { Domain = r.ReadString() }; break;
                case (F.OpsetId.Version, Varint): opset = opset with { Version = r.ReadInt64() }; break;
                default: return false;
            }

            return true;
        });
        return opset;
    }

    private static OnnxTensorSegment ReadSegment(ReadOnlyMemory<byte> bytes)
    {
        var segment = new OnnxTensorSegment(null, null);
        ProtobufReader.ReadFields(bytes, (ref ProtobufReader r, int field, int wire) =>
        {
            switch ((field, wire))
            {
                case (F.Segment.Begin, Varint): segment = segment with { Begin = r.ReadInt64() }; break;
                case (F.Segment.End, Varint): segment = segment with { End = r.ReadInt64() }; break;
                default: return false;
            }

            return true;
        });
        return segment;
    }

    private static void CheckDepth(int depth)
    {
        if (depth > MaxNesting)
        {
            throw new OnnxFormatException($"graphs or types nest deeper than {MaxNesting} levels");
        }
    }
}
