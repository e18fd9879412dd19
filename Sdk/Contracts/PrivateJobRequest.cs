namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>
/// POST /v1/private/jobs: like <see cref="JobRequest"/>, with the encrypted input and the public evaluation keys (their
/// binary formats; sent as base64) instead of inputs. Never put a secret key here: the gateway refuses it.
/// </summary>
public sealed record PrivateJobRequest
{
    public required string ModelId { get; init; }

    public required byte[] Ciphertext { get; init; }

    public required byte[] EvaluationKeys { get; init; }

    public LatencyClass LatencyClass { get; init; } = LatencyClass.Standard;

    public required Location Client { get; init; }

    /// <summary>A quote for jobType privateInference.</summary>
    public string? QuoteId { get; init; }

    public decimal? MaxPrice { get; init; }

    /// <summary>As in <see cref="JobRequest.IdempotencyKey"/>: the client fills in a fresh one when null.</summary>
    public string? IdempotencyKey { get; init; }

    public bool? RequireAttestation { get; init; }

    public bool? PreferCloud { get; init; }

    public double? Complexity { get; init; }
}
