namespace Aitbc.Orleans.Geo;

/// <summary>A position in decimal degrees (WGS 84). Miners report one at enrolment; the scheduler uses it to estimate latency.</summary>
[GenerateSerializer]
[Immutable]
[Alias("aitbc.GeoPoint")]
public readonly record struct GeoPoint
{
    public GeoPoint(double latitude, double longitude)
    {
        Latitude = latitude;
        Longitude = longitude;
    }

    [Id(0)]
    public double Latitude { get; init; }

    [Id(1)]
    public double Longitude { get; init; }

    /// <summary>True when both coordinates are finite and within [-90, 90] and [-180, 180].</summary>
    public bool IsValid => IsValidCoordinate(Latitude, Longitude);

    public static bool IsValidCoordinate(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude)
        && latitude is >= -90 and <= 90
        && longitude is >= -180 and <= 180;

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({Latitude:0.####}, {Longitude:0.####})");
}
