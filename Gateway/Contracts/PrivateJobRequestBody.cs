using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// POST /v1/private/jobs: a job on an encrypted input. The fields are those of POST /v1/jobs, with the ciphertext and
/// the public evaluation keys (base64 of their binary formats, made for the plan GET /v1/models/{id}/private-plan
/// describes) instead of inputs. Never send the secret key: it is refused.
/// </summary>
public sealed class PrivateJobRequestBody : JobFieldsBody
{
    [Required, Description("The input vector, CKKS-encrypted in the plan's layout at the plan's level (base64).")]
    public byte[]? Ciphertext { get; init; }

    [Required, Description("The public evaluation keys the plan needs: relinearization and Galois keys (base64), from the same key set.")]
    public byte[]? EvaluationKeys { get; init; }
}
