namespace Aitbc.Orleans.Geo;

/// <summary>A city from the embedded table. <see cref="CountryCode"/> is ISO 3166-1 alpha-2; population is approximate.</summary>
public sealed record WorldCity(string Name, string CountryCode, GeoPoint Location, long Population);
