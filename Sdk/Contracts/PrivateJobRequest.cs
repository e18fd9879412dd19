namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>
/// POST /v1/private/jobs: like <see cref="JobRequest"/>, with the encrypted input and the public evaluation keys (their
/// binary formats; sent as base64) instead of inputs. Never put a secret key here: the gateway refuses it. A quote
/// must be for jobType privateInference.
/// </summary>
public sealed record PrivateJobRequest : JobFields
{
    public required byte[] Ciphertext { get; init; }

    public required byte[] EvaluationKeys { get; init; }
}
