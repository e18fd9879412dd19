namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>A model's declared input or output; -1 in the shape is a dynamic dimension.</summary>
public sealed record TensorSpec(string Name, string Type, IReadOnlyList<long> Shape);
