using Aitbc.Orleans.Onnx.Graph;
using F = Aitbc.Orleans.Onnx.Serialization.OnnxFieldNumbers;

namespace Aitbc.Orleans.Onnx.Serialization;

/// <summary>
/// Writes an <see cref="OnnxModel"/> as ModelProto bytes: fields in ascending number order, optional fields only when
/// set, repeated scalars unpacked except where onnx.proto declares them packed (TensorProto's typed data), unknown
/// fields after the known ones. These are protobuf's own rules, so a model read by <see cref="OnnxModelReader"/>
/// writes back byte for byte when its producer followed them too.
/// </summary>
public static class OnnxModelWriter
{
    public static byte[] Write(OnnxModel model) => Encode(model).ToArray();

    public static void Write(OnnxModel model, Stream destination) => Encode(model).WriteTo(destination);

    private static ProtobufWriter Encode(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var w = new ProtobufWriter();
        if (model.IrVersion is { } ir)
        {
            w.WriteInt64(F.Model.IrVersion, ir);
        }

        WriteOptional(w, F.Model.ProducerName, model.ProducerName);
        WriteOptional(w, F.Model.ProducerVersion, model.ProducerVersion);
        WriteOptional(w, F.Model.Domain, model.Domain);
        if (model.ModelVersion is { } version)
        {
            w.WriteInt64(F.Model.ModelVersion, version);
        }

        WriteOptional(w, F.Model.DocString, model.DocString);
        if (model.Graph is { } graph)
        {
            w.WriteMessage(F.Model.Graph, g => WriteGraph(g, graph));
        }

        WriteMessages(w, F.Model.OpsetImport, model.OpsetImports, static (o, opset) =>
        {
            WriteOptional(o, F.OpsetId.Domain, opset.Domain);
            o.WriteInt64(F.OpsetId.Version, opset.Version);
        });

        WriteEntries(w, F.Model.MetadataProps, model.MetadataProps);
        WriteEncoded(w, F.Model.TrainingInfo, model.TrainingInfo);
        WriteEncoded(w, F.Model.Functions, model.Functions);
        WriteEncoded(w, F.Model.Configuration, model.Configurations);
        WriteUnknown(w, model.UnknownFields);
        return w;
    }

    private static void WriteGraph(ProtobufWriter w, OnnxGraph graph)
    {
        WriteMessages(w, F.Graph.Node, graph.Nodes, WriteNode);

        WriteOptional(w, F.Graph.Name, graph.Name);
        WriteMessages(w, F.Graph.Initializer, graph.Initializers, WriteTensor);

        WriteOptional(w, F.Graph.DocString, graph.DocString);
        WriteValueInfos(w, F.Graph.Input, graph.Inputs);
        WriteValueInfos(w, F.Graph.Output, graph.Outputs);
        WriteValueInfos(w, F.Graph.ValueInfo, graph.ValueInfos);
        WriteEncoded(w, F.Graph.QuantizationAnnotation, graph.QuantizationAnnotations);
        WriteMessages(w, F.Graph.SparseInitializer, graph.SparseInitializers, WriteSparseTensor);

        WriteEntries(w, F.Graph.MetadataProps, graph.MetadataProps);
        WriteUnknown(w, graph.UnknownFields);
    }

    private static void WriteNode(ProtobufWriter w, OnnxNode node)
    {
        foreach (var input in node.Inputs)
        {
            w.WriteString(F.Node.Input, input);
        }

        foreach (var output in node.Outputs)
        {
            w.WriteString(F.Node.Output, output);
        }

        WriteOptional(w, F.Node.Name, node.Name);
        w.WriteString(F.Node.OpType, node.OpType);
        WriteMessages(w, F.Node.Attribute, node.Attributes, WriteAttribute);

        WriteOptional(w, F.Node.DocString, node.DocString);
        WriteOptional(w, F.Node.Domain, node.Domain);
        WriteOptional(w, F.Node.Overload, node.Overload);
        WriteEntries(w, F.Node.MetadataProps, node.MetadataProps);
        WriteEncoded(w, F.Node.DeviceConfigurations, node.DeviceConfigurations);
        WriteUnknown(w, node.UnknownFields);
    }

    private static void WriteAttribute(ProtobufWriter w, OnnxAttribute a)
    {
        w.WriteString(F.Attribute.Name, a.Name);
        // A reference to the caller's attribute carries a type but no value.
        var kind = a.RefAttrName is null ? a.Kind : OnnxAttributeKind.Undefined;
        switch (kind)
        {
            case OnnxAttributeKind.Float:
                w.WriteFloat(F.Attribute.F, a.FloatValue);
                break;
            case OnnxAttributeKind.Int:
                w.WriteInt64(F.Attribute.I, a.IntValue);
                break;
            case OnnxAttributeKind.String:
                w.WriteString(F.Attribute.S, a.StringValue);
                break;
            case OnnxAttributeKind.Tensor:
                w.WriteMessage(F.Attribute.T, t => WriteTensor(t, Require(a.TensorValue, a)));
                break;
            case OnnxAttributeKind.Graph:
                w.WriteMessage(F.Attribute.G, g => WriteGraph(g, Require(a.GraphValue, a)));
                break;
            case OnnxAttributeKind.Floats:
                foreach (var value in a.FloatValues)
                {
                    w.WriteFloat(F.Attribute.Floats, value);
                }

                break;
            case OnnxAttributeKind.Ints:
                foreach (var value in a.IntValues)
                {
                    w.WriteInt64(F.Attribute.Ints, value);
                }

                break;
            case OnnxAttributeKind.Strings:
                foreach (var value in a.StringValues)
                {
                    w.WriteString(F.Attribute.Strings, value);
                }

                break;
            case OnnxAttributeKind.Tensors:
                WriteMessages(w, F.Attribute.Tensors, a.TensorValues, WriteTensor);
                break;
            case OnnxAttributeKind.Graphs:
                WriteMessages(w, F.Attribute.Graphs, a.GraphValues, WriteGraph);
                break;
        }

        WriteOptional(w, F.Attribute.DocString, a.DocString);
        if (kind == OnnxAttributeKind.TypeProto)
        {
            w.WriteMessage(F.Attribute.Tp, t => WriteType(t, Require(a.TypeValue, a)));
        }
        else if (kind == OnnxAttributeKind.TypeProtos)
        {
            WriteMessages(w, F.Attribute.TypeProtos, a.TypeValues, WriteType);
        }

        if (a.Kind != OnnxAttributeKind.Undefined)
        {
            w.WriteInt32(F.Attribute.Type, (int)a.Kind);
        }

        WriteOptional(w, F.Attribute.RefAttrName, a.RefAttrName);
        if (kind == OnnxAttributeKind.SparseTensor)
        {
            w.WriteMessage(F.Attribute.SparseTensor, s => WriteSparseTensor(s, Require(a.SparseTensorValue, a)));
        }
        else if (kind == OnnxAttributeKind.SparseTensors)
        {
            WriteMessages(w, F.Attribute.SparseTensors, a.SparseTensorValues, WriteSparseTensor);
        }

        WriteUnknown(w, a.UnknownFields);
    }

    private static void WriteTensor(ProtobufWriter w, OnnxTensor t)
    {
        foreach (var dim in t.Dims)
        {
            w.WriteInt64(F.Tensor.Dims, dim);
        }

        w.WriteInt32(F.Tensor.DataType, t.DataType);
        if (t.Segment is { } segment)
        {
            w.WriteMessage(F.Tensor.Segment, s =>
            {
                if (segment.Begin is { } begin)
                {
                    s.WriteInt64(F.Segment.Begin, begin);
                }

                if (segment.End is { } end)
                {
                    s.WriteInt64(F.Segment.End, end);
                }
            });
        }

        w.WritePackedFloats(F.Tensor.FloatData, t.FloatData);
        w.WritePackedVarints(F.Tensor.Int32Data, t.Int32Data);
        foreach (var s in t.StringData)
        {
            w.WriteBytes(F.Tensor.StringData, s);
        }

        w.WritePackedVarints(F.Tensor.Int64Data, t.Int64Data);
        WriteOptional(w, F.Tensor.Name, t.Name);
        if (t.RawData is { } raw)
        {
            w.WriteBytes(F.Tensor.RawData, raw);
        }

        w.WritePackedDoubles(F.Tensor.DoubleData, t.DoubleData);
        w.WritePackedVarints(F.Tensor.UInt64Data, t.UInt64Data);
        WriteOptional(w, F.Tensor.DocString, t.DocString);
        WriteEntries(w, F.Tensor.ExternalData, t.ExternalData);
        if (t.DataLocation is { } location)
        {
            w.WriteInt32(F.Tensor.DataLocation, location);
        }

        WriteEntries(w, F.Tensor.MetadataProps, t.MetadataProps);
        WriteUnknown(w, t.UnknownFields);
    }

    private static void WriteSparseTensor(ProtobufWriter w, OnnxSparseTensor s)
    {
        if (s.Values is { } values)
        {
            w.WriteMessage(F.SparseTensor.Values, t => WriteTensor(t, values));
        }

        if (s.Indices is { } indices)
        {
            w.WriteMessage(F.SparseTensor.Indices, t => WriteTensor(t, indices));
        }

        foreach (var dim in s.Dims)
        {
            w.WriteInt64(F.SparseTensor.Dims, dim);
        }
    }

    private static void WriteValueInfos(ProtobufWriter w, int field, List<OnnxValueInfo> infos) =>
        WriteMessages(w, field, infos, static (v, info) =>
        {
            v.WriteString(F.ValueInfo.Name, info.Name);
            if (info.Type is { } type)
            {
                v.WriteMessage(F.ValueInfo.Type, t => WriteType(t, type));
            }

            WriteOptional(v, F.ValueInfo.DocString, info.DocString);
            WriteEntries(v, F.ValueInfo.MetadataProps, info.MetadataProps);
            WriteUnknown(v, info.UnknownFields);
        });

    private static void WriteType(ProtobufWriter w, OnnxType type)
    {
        switch (type)
        {
            case OnnxTensorType tensor:
                w.WriteMessage(F.Type.TensorType, t => WriteTensorType(t, tensor.ElementType, tensor.Shape));
                break;
            case OnnxSequenceType sequence:
                w.WriteMessage(F.Type.SequenceType, s => WriteElementOf(s, sequence.ElementType));
                break;
            case OnnxMapType map:
                w.WriteMessage(F.Type.MapType, m =>
                {
                    m.WriteInt32(F.MapType.KeyType, map.KeyType);
                    if (map.ValueType is { } value)
                    {
                        m.WriteMessage(F.MapType.ValueType, v => WriteType(v, value));
                    }
                });
                break;
        }

        WriteOptional(w, F.Type.Denotation, type.Denotation);
        switch (type)
        {
            case OnnxOpaqueType opaque:
                w.WriteMessage(F.Type.OpaqueType, o =>
                {
                    WriteOptional(o, F.OpaqueType.Domain, opaque.Domain);
                    WriteOptional(o, F.OpaqueType.Name, opaque.Name);
                });
                break;
            case OnnxSparseTensorType sparse:
                w.WriteMessage(F.Type.SparseTensorType, t => WriteTensorType(t, sparse.ElementType, sparse.Shape));
                break;
            case OnnxOptionalType optional:
                w.WriteMessage(F.Type.OptionalType, o => WriteElementOf(o, optional.ElementType));
                break;
        }

        WriteUnknown(w, type.UnknownFields);
    }

    private static void WriteTensorType(ProtobufWriter w, int elementType, IReadOnlyList<OnnxDimension>? shape)
    {
        w.WriteInt32(F.TensorType.ElemType, elementType);
        if (shape is null)
        {
            return;
        }

        w.WriteMessage(F.TensorType.Shape, s =>
        {
            foreach (var dim in shape)
            {
                s.WriteMessage(F.Shape.Dim, d =>
                {
                    if (dim.Value is { } value)
                    {
                        d.WriteInt64(F.Dimension.DimValue, value);
                    }
                    else if (dim.Symbol is { } symbol)
                    {
                        d.WriteString(F.Dimension.DimParam, symbol);
                    }

                    WriteOptional(d, F.Dimension.Denotation, dim.Denotation);
                });
            }
        });
    }

    private static void WriteElementOf(ProtobufWriter w, OnnxType? element)
    {
        if (element is not null)
        {
            w.WriteMessage(F.ElementOf.ElemType, e => WriteType(e, element));
        }
    }

    private static void WriteOptional(ProtobufWriter w, int field, string? value)
    {
        if (value is not null)
        {
            w.WriteString(field, value);
        }
    }

    private static void WriteEntries(ProtobufWriter w, int field, IReadOnlyList<OnnxStringEntry> entries) =>
        WriteMessages(w, field, entries, static (e, entry) =>
        {
            WriteOptional(e, F.StringEntry.Key, entry.Key);
            WriteOptional(e, F.StringEntry.Value, entry.Value);
        });

    /// <summary>One nested message per item of a repeated message field, in order.</summary>
    private static void WriteMessages<T>(ProtobufWriter w, int field, IEnumerable<T> items, Action<ProtobufWriter, T> write)
    {
        foreach (var item in items)
        {
            w.WriteMessage(field, m => write(m, item));
        }
    }

    private static void WriteEncoded(ProtobufWriter w, int field, IReadOnlyList<ReadOnlyMemory<byte>> messages)
    {
        foreach (var message in messages)
        {
            w.WriteBytes(field, message);
        }
    }

    private static void WriteUnknown(ProtobufWriter w, IReadOnlyList<ReadOnlyMemory<byte>> fields)
    {
        foreach (var field in fields)
        {
            w.WriteRaw(field);
        }
    }

    private static T Require<T>(T? value, OnnxAttribute attribute)
        where T : class =>
        value ?? throw new InvalidOperationException($"Attribute '{attribute.Name}' is of kind {attribute.Kind} but holds no value.");
}
