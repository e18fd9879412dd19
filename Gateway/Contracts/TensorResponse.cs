using System.Text.Json.Serialization;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>An output tensor in the same form as <see cref="TensorBody"/>; Data is a flat array (null if malformed).</summary>
public sealed record TensorResponse(
    string Type,
    long[] Shape,
    [property: JsonConverter(typeof(TensorValuesConverter))] Array? Data);
