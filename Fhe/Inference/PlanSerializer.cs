using System.Buffers.Binary;
using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Serialization;

namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>
/// A plan as bytes, in the common header format (kind EncryptedPlan, key id zero). Body: u8 output activation, f64 input
/// bound, u8 layer count, then per layer u8 type (1 dense, 2 square); a dense layer is u16 outputs, u16 inputs, the
/// outputs × inputs weights row-major and the outputs biases, all f64. Each layer's size is checked against the bytes
/// left before its arrays are allocated, and the parsed layers are validated like <see cref="EncryptedPlan.Create"/>.
/// </summary>
internal static class PlanSerializer
{
    private const byte DenseType = 1;
    private const byte SquareType = 2;

    public static byte[] Write(EncryptedPlan plan)
    {
        var length = FheBlob.HeaderLength + 10L;
        foreach (var layer in plan.Layers)
        {
            length += layer is DenseLayer d ? 5 + 8L * (d.Weights.Length + d.Bias.Length) : 1;
        }

        var output = new byte[length];
        var at = FheSerializer.WriteHeader(output, FheBlobKind.EncryptedPlan, plan.Parameters.Id, default);
        output[at++] = (byte)plan.OutputActivation;
        BinaryPrimitives.WriteDoubleLittleEndian(output.AsSpan(at), plan.InputBound);
        at += 8;
        output[at++] = (byte)plan.Layers.Count;
        foreach (var layer in plan.Layers)
        {
            if (layer is DenseLayer dense)
            {
                output[at++] = DenseType;
                BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(at), (ushort)dense.Outputs);
                BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(at + 2), (ushort)dense.Inputs);
                at += 4;
                foreach (var v in dense.Weights)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(output.AsSpan(at), v);
                    at += 8;
                }

                foreach (var v in dense.Bias)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(output.AsSpan(at), v);
                    at += 8;
                }
            }
            else
            {
                output[at++] = SquareType;
            }
        }

        return output;
    }

    public static EncryptedPlan Read(ReadOnlySpan<byte> bytes)
    {
        var reader = new FheReader(bytes);
        var header = reader.ReadHeader(FheBlobKind.EncryptedPlan);
        if (header.KeyId != default)
        {
            throw new FheFormatException("a plan belongs to no key set: its key id must be zero");
        }

        var parameters = CkksParameters.FromId(header.ParameterSet);
        var activation = reader.ReadByte();
        var inputBound = reader.ReadDouble();
        var count = reader.ReadByte();
        if (!Enum.IsDefined((ClientActivation)activation))
        {
            throw new FheFormatException($"unknown output activation {activation}");
        }

        if (count is 0 or > EncryptedPlan.MaxLayers)
        {
            throw new FheFormatException($"a plan has 1 to {EncryptedPlan.MaxLayers} layers, not {count}");
        }

        var layers = new List<PlanLayer>(count);
        for (var i = 0; i < count; i++)
        {
            var type = reader.ReadByte();
            switch (type)
            {
                case SquareType:
                    layers.Add(SquareActivation.Instance);
                    break;
                case DenseType:
                    layers.Add(ReadDense(ref reader, parameters.SlotCount, i));
                    break;
                default:
                    throw new FheFormatException($"unknown layer type {type} at layer {i}");
            }
        }

        reader.RequireEnd();
        try
        {
            return EncryptedPlan.Create(parameters, layers, inputBound, (ClientActivation)activation);
        }
        catch (PlanNotSupportedException ex)
        {
            throw new FheFormatException($"the plan is not valid: {ex.Message}", ex);
        }
    }

    private static DenseLayer ReadDense(ref FheReader reader, int slots, int index)
    {
        var outputs = reader.ReadUInt16();
        var inputs = reader.ReadUInt16();
        if (outputs == 0 || inputs == 0 || outputs > slots || inputs > slots)
        {
            throw new FheFormatException($"layer {index} is {outputs}×{inputs}; each dimension must be 1 to {slots}");
        }

        var values = (long)outputs * inputs + outputs;
        if (values * 8 > reader.Remaining)
        {
            throw new FheFormatException($"truncated plan: layer {index} needs {values * 8} bytes, {reader.Remaining} left");
        }

        var weights = new double[outputs * inputs];
        for (var k = 0; k < weights.Length; k++)
        {
            weights[k] = reader.ReadDouble();
        }

        var bias = new double[outputs];
        for (var k = 0; k < bias.Length; k++)
        {
            bias[k] = reader.ReadDouble();
        }

        try
        {
            return new DenseLayer(outputs, inputs, weights, bias);
        }
        catch (ArgumentException ex)
        {
            throw new FheFormatException($"layer {index}: {ex.Message}", ex);
        }
    }
}
