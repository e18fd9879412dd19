namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>An output tensor in the same form as <see cref="TensorBody"/>; Data is a flat array.</summary>
public sealed record TensorResponse(string Type, long[] Shape, object? Data);
