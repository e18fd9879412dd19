using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// What a miner's result must be before it is stored and paid for: exactly the model's declared outputs, each of the
/// declared element type, rank and fixed dimensions, well formed, and no larger in all than the cap.
/// </summary>
public static class OutputCheck
{
    /// <summary>Why the outputs cannot be accepted, or null when they can.</summary>
    public static string? Find(ModelInfo model, IReadOnlyDictionary<string, TensorData> outputs, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(outputs);
        long total = 0;
        foreach (var (name, tensor) in outputs)
        {
            if (tensor is null)
            {
                return $"output '{name}' is empty";
            }

            total += tensor.Data.LongLength;
            if (total > maxBytes)
            {
                return $"outputs exceed {maxBytes} bytes";
            }
        }

        foreach (var name in outputs.Keys)
        {
            if (model.Outputs.All(o => o.Name != name))
            {
                return $"output '{name}' is not an output of model {model.ModelId}";
            }
        }

        foreach (var spec in model.Outputs)
        {
            if (!outputs.TryGetValue(spec.Name, out var tensor))
            {
                return $"output '{spec.Name}' is missing";
            }

            if (spec.FindMismatch(tensor) is { } mismatch)
            {
                return mismatch.Replace("Input '", "Output '", StringComparison.Ordinal);
            }

            if (tensor.Validate() is { } invalid)
            {
                return $"output '{spec.Name}' is invalid: {invalid}";
            }
        }

        return null;
    }
}
