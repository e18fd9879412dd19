namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>One region's online GPUs by state, for the operator view.</summary>
public sealed record OpsRegionResponse(string Region, string Name, LocationBody Centroid, int Gpus, int Available, int Busy, int NotRoutable, int Cloud);
