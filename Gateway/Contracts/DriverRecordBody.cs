using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>One allowed driver: its release date (older than 365 days costs 0.2 of the integrity score) and whether it is known to be vulnerable (0.3).</summary>
public sealed class DriverRecordBody
{
    [Required, Description("The driver version as the vendor tool reports it (\"560.35.03\"), or \"none\".")]
    public string? Version { get; init; }

    [Description("Release date (yyyy-MM-dd), where known.")]
    public DateOnly? ReleasedOn { get; init; }

    public bool KnownVulnerable { get; init; }
}
