namespace Aitbc.Orleans.Gateway.Contracts;

public sealed record RegionResponse(
    string Id,
    string Name,
    LocationBody Centroid,
    IReadOnlyList<string> Neighbours,
    int GpuCount,
    int AvailableGpus,
    int TotalSlots,
    int BusySlots,
    double Utilisation,
    int QueueLength,
    double AverageRttMs);
