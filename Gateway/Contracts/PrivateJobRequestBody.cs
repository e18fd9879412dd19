using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// POST /v1/private/jobs: a job on an encrypted input. The fields are those of POST /v1/jobs, with the ciphertext and
/// the public evaluation keys (base64 of their binary formats, made for the plan GET /v1/models/{id}/private-plan
/// describes) instead of inputs. Never send the secret key: it is refused.
/// </summary>
public sealed class PrivateJobRequestBody
{
    [Required]
    public string? ModelId { get; init; }

    [Required, Description("The input vector, CKKS-encrypted in the plan's layout at the plan's level (base64).")]
    public byte[]? Ciphertext { get; init; }

    [Required, Description("The public evaluation keys the plan needs: relinearization and Galois keys (base64), from the same key set.")]
    public byte[]? EvaluationKeys { get; init; }

    [Required, Description("realtime, fast, standard or economy.")]
    public string? LatencyClass { get; init; }

    [Required]
    public LocationBody? Client { get; init; }

    [Description("A quote from POST /v1/quotes for this model and latency class, with jobType privateInference.")]
    public string? QuoteId { get; init; }

    [Description("The most this job may cost, when there is no quote.")]
    public decimal? MaxPrice { get; init; }

    [Description("Retries with the same key return the job the first request created.")]
    public string? IdempotencyKey { get; init; }

    public bool? RequireAttestation { get; init; }

    [Description("Run on the platform's cloud pool rather than edge GPUs.")]
    public bool? PreferCloud { get; init; }

    [Description("Default 1.")]
    public double? Complexity { get; init; }
}
