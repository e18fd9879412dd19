using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// How a private job (<see cref="JobType.PrivateInference"/>) travels in the job path's tensors: its inputs are two
/// uint8 vectors, the CKKS ciphertext and the public evaluation keys in their versioned binary formats, and its one
/// output is the result ciphertext. So the blob store, the assignment and the result carry them like any tensor
/// (content-addressed: a key set reused across jobs is stored once), and nothing in the cluster ever holds plaintext.
/// </summary>
public static class PrivateJob
{
    public const string CiphertextInput = "ciphertext";
    public const string EvaluationKeysInput = "evaluationKeys";
    public const string CiphertextOutput = "ciphertext";

    /// <summary>Bytes as the uint8 vector the job path carries.</summary>
    public static TensorData Blob(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new TensorData(TensorElementType.UInt8, [bytes.LongLength], bytes);
    }

    public static Dictionary<string, TensorData> Inputs(byte[] ciphertext, byte[] evaluationKeys) => new(StringComparer.Ordinal)
    {
        [CiphertextInput] = Blob(ciphertext),
        [EvaluationKeysInput] = Blob(evaluationKeys),
    };

    /// <summary>The ciphertext and keys of a private job's inputs, or the reason they are not exactly those two blobs.</summary>
    public static string? TryReadInputs(IReadOnlyDictionary<string, TensorData> inputs, out byte[] ciphertext, out byte[] evaluationKeys)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ciphertext = evaluationKeys = [];
        if (inputs.Count != 2 || !inputs.TryGetValue(CiphertextInput, out var input) || !inputs.TryGetValue(EvaluationKeysInput, out var keys))
        {
            return $"a private job's inputs are exactly '{CiphertextInput}' and '{EvaluationKeysInput}'";
        }

        if ((FindBlobProblem(CiphertextInput, input) ?? FindBlobProblem(EvaluationKeysInput, keys)) is { } problem)
        {
            return problem;
        }

        ciphertext = input.Data;
        evaluationKeys = keys.Data;
        return null;
    }

    /// <summary>Why a tensor is not a blob (a uint8 vector), or null.</summary>
    public static string? FindBlobProblem(string name, TensorData? tensor) =>
        tensor is { ElementType: TensorElementType.UInt8, Shape.Length: 1 } && tensor.Shape[0] == tensor.Data.LongLength
            ? null
            : $"'{name}' must be the bytes of a blob (a uint8 vector)";
}
