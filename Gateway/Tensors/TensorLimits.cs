namespace Aitbc.Orleans.Gateway.Tensors;

/// <summary>The bounds a submitted tensor must respect (from GatewayOptions).</summary>
public sealed record TensorLimits(long MaxElements, int MaxRank);
