using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Inference.Onnx;

/// <summary>
/// Encodes the builder's graph as an ONNX ModelProto. Field numbers are those of onnx.proto (proto2); repeated
/// scalars are written unpacked, which every protobuf parser accepts.
/// </summary>
internal static class OnnxProtoEncoder
{
    // ModelProto
    private const int ModelIrVersion = 1;
    private const int ModelProducerName = 2;
    private const int ModelProducerVersion = 3;
    private const int ModelDocString = 6;
    private const int ModelGraph = 7;
    private const int ModelOpsetImport = 8;

    // OperatorSetIdProto
    private const int OpsetDomain = 1;
    private const int OpsetVersion = 2;

    // GraphProto
    private const int GraphNode = 1;
    private const int GraphName = 2;
    private const int GraphInitializer = 5;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;

    // NodeProto
    private const int NodeInput = 1;
    private const int NodeOutput = 2;
    private const int NodeName = 3;
    private const int NodeOpType = 4;
    private const int NodeAttribute = 5;

    // AttributeProto
    private const int AttributeName = 1;
    private const int AttributeFloat = 2;
    private const int AttributeInt = 3;
    private const int AttributeString = 4;
    private const int AttributeFloats = 7;
    private const int AttributeInts = 8;
    private const int AttributeType = 20;

    // TensorProto
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorName = 8;
    private const int TensorRawData = 9;

    // ValueInfoProto / TypeProto / TypeProto.Tensor / TensorShapeProto / Dimension
    private const int ValueInfoName = 1;
    private const int ValueInfoType = 2;
    private const int TypeTensorType = 1;
    private const int TensorTypeElemType = 1;
    private const int TensorTypeShape = 2;
    private const int ShapeDim = 1;
    private const int DimValue = 1;
    private const int DimParam = 2;

    public static byte[] EncodeModel(
        long irVersion,
        long opsetVersion,
        string producerName,
        string producerVersion,
        string docString,
        string graphName,
        IReadOnlyList<OnnxNode> nodes,
        IReadOnlyList<KeyValuePair<string, TensorData>> initializers,
        IReadOnlyList<OnnxValueInfo> inputs,
        IReadOnlyList<OnnxValueInfo> outputs)
    {
        var model = new ProtobufWriter()
            .WriteInt64(ModelIrVersion, irVersion)
            .WriteString(ModelProducerName, producerName)
            .WriteString(ModelProducerVersion, producerVersion);
        if (docString.Length > 0)
        {
            model.WriteString(ModelDocString, docString);
        }

        model.WriteMessage(ModelGraph, graph =>
        {
            foreach (var node in nodes)
            {
                graph.WriteMessage(GraphNode, w => WriteNode(w, node));
            }

            graph.WriteString(GraphName, graphName);
            foreach (var (name, tensor) in initializers)
            {
                graph.WriteMessage(GraphInitializer, w => WriteTensor(w, name, tensor));
            }

            foreach (var input in inputs)
            {
                graph.WriteMessage(GraphInput, w => WriteValueInfo(w, input));
            }

            foreach (var output in outputs)
            {
                graph.WriteMessage(GraphOutput, w => WriteValueInfo(w, output));
            }
        });
        // Default domain ("") = the standard ai.onnx operator set.
        model.WriteMessage(ModelOpsetImport, w => w.WriteString(OpsetDomain, "").WriteInt64(OpsetVersion, opsetVersion));
        return model.ToArray();
    }

    private static void WriteNode(ProtobufWriter writer, OnnxNode node)
    {
        foreach (var input in node.Inputs)
        {
            writer.WriteString(NodeInput, input);
        }

        foreach (var output in node.Outputs)
        {
            writer.WriteString(NodeOutput, output);
        }

        writer.WriteString(NodeName, node.Name).WriteString(NodeOpType, node.OpType);
        foreach (var attribute in node.Attributes)
        {
            writer.WriteMessage(NodeAttribute, w => WriteAttribute(w, attribute));
        }
    }

    private static void WriteAttribute(ProtobufWriter writer, OnnxAttribute attribute)
    {
        writer.WriteString(AttributeName, attribute.Name);
        switch (attribute.Kind)
        {
            case OnnxAttributeKind.Float:
                writer.WriteFloat(AttributeFloat, attribute.FloatValue);
                break;
            case OnnxAttributeKind.Int:
                writer.WriteInt64(AttributeInt, attribute.IntValue);
                break;
            case OnnxAttributeKind.String:
                writer.WriteString(AttributeString, attribute.StringValue);
                break;
            case OnnxAttributeKind.Floats:
                foreach (var value in attribute.FloatValues)
                {
                    writer.WriteFloat(AttributeFloats, value);
                }

                break;
            case OnnxAttributeKind.Ints:
                foreach (var value in attribute.IntValues)
                {
                    writer.WriteInt64(AttributeInts, value);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(attribute), attribute.Kind, "Unsupported attribute kind.");
        }

        writer.WriteInt32(AttributeType, (int)attribute.Kind);
    }

    private static void WriteTensor(ProtobufWriter writer, string name, TensorData tensor)
    {
        foreach (var dim in tensor.Shape)
        {
            writer.WriteInt64(TensorDims, dim);
        }

        writer.WriteInt32(TensorDataType, OnnxDataTypes.ToOnnxDataType(tensor.ElementType))
            .WriteString(TensorName, name)
            .WriteBytes(TensorRawData, tensor.Data); // TensorData bytes are already the little-endian layout raw_data wants.
    }

    private static void WriteValueInfo(ProtobufWriter writer, OnnxValueInfo info)
    {
        writer.WriteString(ValueInfoName, info.Name);
        writer.WriteMessage(ValueInfoType, type => type.WriteMessage(TypeTensorType, tensorType =>
        {
            tensorType.WriteInt32(TensorTypeElemType, OnnxDataTypes.ToOnnxDataType(info.ElementType));
            tensorType.WriteMessage(TensorTypeShape, shape =>
            {
                foreach (var dim in info.Dimensions)
                {
                    shape.WriteMessage(ShapeDim, d =>
                    {
                        if (dim.Value is { } value)
                        {
                            d.WriteInt64(DimValue, value);
                        }
                        else
                        {
                            d.WriteString(DimParam, dim.Symbol ?? "");
                        }
                    });
                }
            });
        }));
    }
}
