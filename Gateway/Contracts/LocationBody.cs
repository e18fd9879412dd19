using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>A position in decimal degrees.</summary>
public sealed class LocationBody
{
    public LocationBody()
    {
    }

    public LocationBody(double latitude, double longitude)
    {
        Lat = latitude;
        Lon = longitude;
    }

    [Required, Description("Latitude, -90 to 90.")]
    public double? Lat { get; init; }

    [Required, Description("Longitude, -180 to 180.")]
    public double? Lon { get; init; }
}
