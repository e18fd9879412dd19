namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>A position in decimal degrees: lat in [-90, 90], lon in [-180, 180].</summary>
public sealed record LocationBody(double? Lat, double? Lon);
