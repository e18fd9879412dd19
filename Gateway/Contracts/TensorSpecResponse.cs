namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>A declared model input or output; -1 in the shape is a dynamic dimension.</summary>
public sealed record TensorSpecResponse(string Name, string Type, long[] Shape);
