using Aitbc.Orleans.Fhe;
using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// The cluster's checks of a private job's payload and result. Both are parsed in full (the parsers are fuzzed and
/// compute every length before allocating), so a job that no miner could evaluate is refused at submission, and a
/// result that the submitter could not decrypt is refused before it is paid for.
/// </summary>
public static class PrivateJobCheck
{
    /// <summary>The payload's key id, or the reason it does not fit the plan.</summary>
    public static (string? KeyId, string? Problem) CheckInputs(byte[] plan, IReadOnlyDictionary<string, TensorData> inputs)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (PrivateJob.TryReadInputs(inputs, out var ciphertext, out var keys) is { } shape)
        {
            return (null, shape);
        }

        try
        {
            var (input, _) = PrivateJobPayload.Open(EncryptedPlan.Parse(plan), ciphertext, keys);
            return (input.KeyId.ToString(), null);
        }
        catch (FheException ex)
        {
            return (null, $"the encrypted input does not fit the model's plan: {ex.Message}");
        }
    }

    /// <summary>Why a miner's result is not one ciphertext under the job's key set, or null.</summary>
    public static string? FindOutputProblem(IReadOnlyDictionary<string, TensorData> outputs, string? keyId, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count != 1 || !outputs.TryGetValue(PrivateJob.CiphertextOutput, out var output))
        {
            return $"a private job's result is exactly one output, '{PrivateJob.CiphertextOutput}'";
        }

        if (PrivateJob.FindBlobProblem(PrivateJob.CiphertextOutput, output) is { } shape)
        {
            return shape;
        }

        if (output.Data.LongLength > maxBytes)
        {
            return $"outputs exceed {maxBytes} bytes";
        }

        try
        {
            var result = Ciphertext.Parse(output.Data);
            return result.KeyId.ToString() != keyId
                ? $"the result is under key set {result.KeyId}, not the job's"
                : CkksParameters.FromId(result.ParameterSet).IsSecure ? null : "the result's parameter set offers no security";
        }
        catch (FheException ex)
        {
            return $"the result is not a ciphertext: {ex.Message}";
        }
    }
}
