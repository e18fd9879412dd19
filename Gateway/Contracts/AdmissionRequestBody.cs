using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/miners/{id}/admission (operators): the pool a miner's GPUs join and whether they count as attested.</summary>
public sealed class AdmissionRequestBody
{
    [Required, Description("edge or cloud")]
    public string? Pool { get; init; }

    [Description("Operators vouch for the rig (software identity only: no TEE protocol exists yet).")]
    public bool Attested { get; init; }
}
