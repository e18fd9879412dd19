using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// Runs private jobs (<see cref="JobType.PrivateInference"/>) on the CPU: the plan from the assignment, the input
/// ciphertext and the submitter's public evaluation keys in, one ciphertext out. One evaluator per plan (keyed by the
/// plan's SHA-256: preparing one encodes every weight diagonal), kept for the <see cref="Capacity"/> most recent plans.
/// Nothing here can decrypt: no secret key reaches a miner.
/// </summary>
public sealed class PrivateEvaluator
{
    public const int Capacity = 16;

    /// <summary>What a private job's result names as its execution provider.</summary>
    public const string ExecutionProvider = "CKKS-CPU";

    private readonly ConcurrentDictionary<string, Lazy<EncryptedPlanEvaluator>> _evaluators = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public int Cached => _evaluators.Count;

    /// <summary>
    /// Evaluates the assignment's payload. Malformed or mismatched payloads throw <see cref="InferenceInputException"/>
    /// (no other miner could do better); the token is checked before and after the evaluation, which is not interruptible.
    /// </summary>
    public async Task<(IReadOnlyDictionary<string, TensorData> Outputs, double PrepareMs, double EvaluateMs)> RunAsync(
        JobAssignment assignment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (assignment.PrivatePlan is not { } planBytes)
        {
            throw new InferenceInputException("a private job arrived without its plan");
        }

        if (PrivateJob.TryReadInputs(assignment.Inputs, out var ciphertext, out var keys) is { } shape)
        {
            throw new InferenceInputException(shape);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return await Task.Run(() =>
        {
            var prepare = Stopwatch.StartNew();
            try
            {
                var evaluator = EvaluatorFor(planBytes);
                var (input, evaluationKeys) = PrivateJobPayload.Open(evaluator.Plan, ciphertext, keys);
                var prepareMs = prepare.Elapsed.TotalMilliseconds;
                var evaluate = Stopwatch.StartNew();
                var result = evaluator.Evaluate(input, evaluationKeys).ToBytes();
                var evaluateMs = evaluate.Elapsed.TotalMilliseconds;
                cancellationToken.ThrowIfCancellationRequested();
                IReadOnlyDictionary<string, TensorData> outputs = new Dictionary<string, TensorData>(StringComparer.Ordinal)
                {
                    [PrivateJob.CiphertextOutput] = PrivateJob.Blob(result),
                };
                return (outputs, prepareMs, evaluateMs);
            }
            catch (Fhe.FheException ex)
            {
                throw new InferenceInputException($"private job: {ex.Message}");
            }
        }, cancellationToken);
    }

    private EncryptedPlanEvaluator EvaluatorFor(byte[] planBytes)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(planBytes));
        var lazy = _evaluators.GetOrAdd(key, k =>
        {
            _order.Enqueue(k);
            return new Lazy<EncryptedPlanEvaluator>(() => new EncryptedPlanEvaluator(EncryptedPlan.Parse(planBytes)));
        });
        while (_evaluators.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _evaluators.TryRemove(oldest, out _);
        }

        return lazy.Value;
    }
}
