using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Serialization;

namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>
/// What a private job carries: an input ciphertext and the public evaluation keys, as untrusted bytes. The gateway
/// checks the headers (<see cref="FindHeaderProblem"/>: cheap, nothing parsed), the cluster and the miner open them
/// against the plan (<see cref="Open"/>: parsed in full and checked like the evaluator checks them). A secret key,
/// a parameter set without security, or a ciphertext and keys of different key sets are refused everywhere.
/// </summary>
public static class PrivateJobPayload
{
    /// <summary>Why the two blobs cannot be a private job's payload, or null. Reads the 24-byte headers only.</summary>
    public static string? FindHeaderProblem(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> evaluationKeys)
    {
        if (FindProblem("ciphertext", ciphertext, FheBlobKind.Ciphertext, out var input) is { } inputProblem)
        {
            return inputProblem;
        }

        if (FindProblem("evaluationKeys", evaluationKeys, FheBlobKind.EvaluationKeys, out var keys) is { } keysProblem)
        {
            return keysProblem;
        }

        return input.KeyId != keys.KeyId
            ? $"the ciphertext is encrypted under key set {input.KeyId} but the evaluation keys belong to {keys.KeyId}"
            : input.ParameterSet != keys.ParameterSet
                ? $"the ciphertext is for parameter set {input.ParameterSet} but the evaluation keys for {keys.ParameterSet}"
                : null;
    }

    /// <summary>
    /// Parses both blobs and checks them against the plan (parameter set, key set, level, scale, every key the plan
    /// needs). Throws an <see cref="FheException"/> that says what is wrong.
    /// </summary>
    public static (Ciphertext Input, EvaluationKeys Keys) Open(EncryptedPlan plan, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> evaluationKeys)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (FindHeaderProblem(ciphertext, evaluationKeys) is { } problem)
        {
            throw new FheFormatException(problem);
        }

        var input = Ciphertext.Parse(ciphertext);
        var keys = EvaluationKeys.Parse(evaluationKeys);
        EncryptedPlanEvaluator.CheckInputs(plan, input, keys);
        return (input, keys);
    }

    private static string? FindProblem(string field, ReadOnlySpan<byte> bytes, FheBlobKind expected, out FheBlobHeader header)
    {
        try
        {
            header = FheBlob.Inspect(bytes);
        }
        catch (FheFormatException ex)
        {
            header = null!;
            return $"{field} is not a key or ciphertext of this format: {ex.Message}";
        }

        if (header.Kind == FheBlobKind.SecretKey)
        {
            return $"{field} is a secret key: refused and not stored; a secret key must never leave the submitter's machine " +
                   "(send the evaluation keys made for the plan, and keep the key set's secret key)";
        }

        if (header.Kind != expected)
        {
            return $"{field} holds {header.Kind}, not {expected}";
        }

        var parameters = CkksParameters.TryFromId((byte)header.ParameterSet);
        return parameters is { IsSecure: true }
            ? null
            : $"{field} uses parameter set {header.ParameterSet}, which offers no security; use {CkksParameters.Standard128.Id}";
    }
}
