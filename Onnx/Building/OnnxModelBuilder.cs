using Aitbc.Orleans.Onnx.Graph;
using Aitbc.Orleans.Onnx.Serialization;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Onnx.Building;

/// <summary>
/// Fluent builder for small ONNX models (demo and test models): declare inputs, weights and operators, then
/// <see cref="Build"/> the ModelProto bytes. Targets opset 17 / IR version 8 by default, which every ONNX Runtime
/// from 1.13 on loads.
/// </summary>
public sealed class OnnxModelBuilder(string graphName)
{
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];

    public long IrVersion { get; set; } = 8;

    public long OpsetVersion { get; set; } = 17;

    public string ProducerName { get; set; } = "aitbc";

    public string ProducerVersion { get; set; } = "1";

    public string DocString { get; set; } = "";

    public string GraphName { get; } = graphName;

    public OnnxModelBuilder Input(string name, TensorElementType type, params OnnxDimension[] dims)
    {
        _inputs.Add(OnnxValueInfo.Tensor(name, OnnxDataTypes.ToOnnxDataType(type), dims));
        return this;
    }

    public OnnxModelBuilder Output(string name, TensorElementType type, params OnnxDimension[] dims)
    {
        _outputs.Add(OnnxValueInfo.Tensor(name, OnnxDataTypes.ToOnnxDataType(type), dims));
        return this;
    }

    /// <summary>A constant tensor (weights, biases) stored in the model.</summary>
    public OnnxModelBuilder Initializer(string name, TensorData value)
    {
        var problem = value.Validate(long.MaxValue);
        if (problem is not null)
        {
            throw new ArgumentException($"Initializer '{name}': {problem}", nameof(value));
        }

        // TensorData bytes are already the little-endian layout raw_data wants.
        _initializers.Add(OnnxTensor.FromRaw(name, OnnxDataTypes.ToOnnxDataType(value.ElementType), value.Data, value.Shape));
        return this;
    }

    public OnnxModelBuilder Node(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        _nodes.Add(new OnnxNode(opType, inputs, outputs, $"{opType}_{_nodes.Count}", attributes));
        return this;
    }

    public OnnxModelBuilder MatMul(string a, string b, string output) => Node("MatMul", [a, b], [output]);

    public OnnxModelBuilder Add(string a, string b, string output) => Node("Add", [a, b], [output]);

    public OnnxModelBuilder Relu(string input, string output) => Node("Relu", [input], [output]);

    /// <summary>2-D convolution. <paramref name="pads"/> is [top, left, bottom, right] as ONNX orders them.</summary>
    public OnnxModelBuilder Conv(
        string input,
        string weights,
        string? bias,
        string output,
        long[] kernelShape,
        long[] pads,
        long[] strides,
        long group = 1)
    {
        string[] inputs = bias is null ? [input, weights] : [input, weights, bias];
        return Node(
            "Conv",
            inputs,
            [output],
            OnnxAttribute.Ints("kernel_shape", kernelShape),
            OnnxAttribute.Ints("pads", pads),
            OnnxAttribute.Ints("strides", strides),
            OnnxAttribute.Int("group", group));
    }

    public OnnxModelBuilder GlobalAveragePool(string input, string output) => Node("GlobalAveragePool", [input], [output]);

    public OnnxModelBuilder Flatten(string input, string output, long axis = 1) =>
        Node("Flatten", [input], [output], OnnxAttribute.Int("axis", axis));

    /// <summary>Y = alpha * A * op(B) + beta * C, where op(B) = Bᵀ when <paramref name="transB"/> is set.</summary>
    public OnnxModelBuilder Gemm(string a, string b, string c, string output, bool transB = false, float alpha = 1f, float beta = 1f) =>
        Node(
            "Gemm",
            [a, b, c],
            [output],
            OnnxAttribute.Float("alpha", alpha),
            OnnxAttribute.Float("beta", beta),
            OnnxAttribute.Int("transB", transB ? 1 : 0));

    public OnnxModelBuilder Cast(string input, string output, TensorElementType to) =>
        Node("Cast", [input], [output], OnnxAttribute.Int("to", OnnxDataTypes.ToOnnxDataType(to)));

    public OnnxModelBuilder Identity(string input, string output) => Node("Identity", [input], [output]);

    public byte[] Build() => OnnxModelWriter.Write(BuildModel());

    /// <summary>The model as an editable graph (what <see cref="Build"/> writes).</summary>
    public OnnxModel BuildModel()
    {
        if (_inputs.Count == 0 || _outputs.Count == 0)
        {
            throw new InvalidOperationException($"Model '{GraphName}' needs at least one input and one output.");
        }

        var model = new OnnxModel
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            DocString = DocString.Length > 0 ? DocString : null,
            Graph = new OnnxGraph
            {
                Nodes = [.. _nodes],
                Name = GraphName,
                Initializers = [.. _initializers],
                Inputs = [.. _inputs],
                Outputs = [.. _outputs],
            },
        };
        // Default domain ("") = the standard ai.onnx operator set.
        model.OpsetImports.Add(new OnnxOpsetImport("", OpsetVersion));
        return model;
    }
}
