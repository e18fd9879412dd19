using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Tensors;
using Microsoft.ML.OnnxRuntime;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace Aitbc.Orleans.Gateway.Models;

/// <summary>
/// Reads a model's signature with ONNX Runtime itself (so what we accept is exactly what miners can load), and
/// refuses bytes that are not a loadable ONNX model or whose inputs and outputs jobs cannot carry.
/// </summary>
public static class OnnxModelInspector
{
    public static ModelSignature ReadSignature(byte[] model)
    {
        try
        {
            // No graph optimisation: only the declared signature is wanted, and loading stays fast.
            using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
                LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
                IntraOpNumThreads = 1,
            };
            using var session = new InferenceSession(model, options);
            return new ModelSignature(
                Specs(session.InputNames, session.InputMetadata, "input"),
                Specs(session.OutputNames, session.OutputMetadata, "output"));
        }
        catch (OnnxRuntimeException ex)
        {
            throw GatewayRequestException.Invalid("body", $"is not a loadable ONNX model: {FieldRules.Truncate(ex.Message, 300)}");
        }
    }

    private static TensorSpec[] Specs(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata, string kind)
    {
        var specs = new TensorSpec[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var meta = metadata[names[i]];
            var type = meta.IsTensor ? FromOrt(meta.ElementDataType) : null;
            if (type is null)
            {
                throw GatewayRequestException.Invalid(
                    "body",
                    $"model {kind} '{names[i]}' is {(meta.IsTensor ? meta.ElementDataType.ToString() : meta.OnnxValueType.ToString())}; " +
                    "jobs carry only float32, float16, float64, int64, int32, int8, uint8 and bool tensors");
            }

            specs[i] = new TensorSpec(names[i], type.Value, meta.Dimensions.Select(d => d < 0 ? TensorSpec.DynamicDimension : (long)d).ToArray());
        }

        return specs;
    }

    private static TensorElementType? FromOrt(OrtElementType type) => OnnxDataTypes.FromOnnxDataType((int)type);
}
