namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>A position in decimal degrees: where results are needed (prices and routing follow it).</summary>
public sealed record Location(double Lat, double Lon);
