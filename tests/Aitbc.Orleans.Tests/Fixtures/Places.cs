using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>Known coordinates for synthetic worlds.</summary>
public static class Places
{
    public static readonly GeoPoint Brussels = new(50.85, 4.35);
    public static readonly GeoPoint Amsterdam = new(52.37, 4.90);
    public static readonly GeoPoint Frankfurt = new(50.11, 8.68);
    public static readonly GeoPoint London = new(51.51, -0.13);
    public static readonly GeoPoint Madrid = new(40.42, -3.70);
    public static readonly GeoPoint NewYork = new(40.71, -74.01);
    public static readonly GeoPoint Tokyo = new(35.68, 139.69);
    public static readonly GeoPoint Sydney = new(-33.87, 151.21);
    public static readonly GeoPoint Singapore = new(1.35, 103.82);
    public static readonly GeoPoint SaoPaulo = new(-23.55, -46.63);
}
