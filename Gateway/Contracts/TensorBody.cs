using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>A tensor as JSON: element type, shape, and the elements flattened in row-major order.</summary>
public sealed class TensorBody
{
    [Required, Description("float32, float16, float64, int64, int32, int8, uint8 or bool.")]
    public string? Type { get; init; }

    [Required, Description("Dimensions; [] for a scalar.")]
    public long[]? Shape { get; init; }

    [Required, Description("Numbers (true/false or 0/1 for bool), as many as the shape's product.")]
    public JsonElement? Data { get; init; }
}
