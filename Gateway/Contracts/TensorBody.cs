using System.Text.Json;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// A tensor as JSON: element type (float32, float16, float64, int64, int32, int8, uint8, bool), shape, and the
/// elements flattened in row-major order (numbers; true/false for bool).
/// </summary>
public sealed record TensorBody(string? Type, long[]? Shape, JsonElement? Data);
