using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Sdk;
using Aitbc.Orleans.Sdk.Contracts;

namespace Aitbc.Orleans.Cli.Private;

/// <summary>
/// One private inference, end to end on the submitter's side: read the model's plan, make the evaluation keys it needs
/// from the key set in the directory, encrypt the input row, submit the ciphertext and the public keys, wait, decrypt.
/// The secret key is read from the directory into this process and nothing derived from it but the evaluation keys
/// and the ciphertext is sent.
/// </summary>
public static class PrivateRun
{
    /// <summary>The job as it ended and, once completed, the decrypted outputs in the API's output shape.</summary>
    public sealed record Result(Job Job, IReadOnlyDictionary<string, Tensor>? Outputs);

    public sealed record Options(
        Location Client,
        LatencyClass LatencyClass = LatencyClass.Standard,
        decimal? MaxPrice = null,
        string? QuoteId = null,
        string? IdempotencyKey = null,
        TimeSpan? Wait = null);

    public static async Task<Result> RunAsync(
        AitbcClient client, KeyDirectory keys, string modelId, IReadOnlyDictionary<string, Tensor> inputs, Options options,
        IProgress<Job>? progress = null, IProgress<Sdk.Contracts.TransferProgress>? upload = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        var plan = await client.GetPrivatePlanAsync(modelId, cancellationToken);
        var requirements = RequirementsOf(plan);
        var row = InputRow(plan, inputs);

        using var keySet = keys.OpenClient();
        var evaluationKeys = keySet.CreateEvaluationKeys(requirements).ToBytes();
        var ciphertext = keySet.EncryptInput(requirements, row).ToBytes();
        var quoteId = options.QuoteId;
        if (quoteId is null && options.MaxPrice is null)
        {
            quoteId = (await client.CreateQuoteAsync(new QuoteRequest
            {
                ModelId = modelId, Client = options.Client, LatencyClass = options.LatencyClass, JobType = JobType.PrivateInference,
            }, cancellationToken)).QuoteId;
        }

        var job = await client.SubmitPrivateJobAsync(new PrivateJobRequest
        {
            ModelId = modelId,
            Ciphertext = ciphertext,
            EvaluationKeys = evaluationKeys,
            Client = options.Client,
            LatencyClass = options.LatencyClass,
            MaxPrice = quoteId is null ? options.MaxPrice : null,
            QuoteId = quoteId,
            IdempotencyKey = options.IdempotencyKey,
        }, upload, cancellationToken);
        progress?.Report(job);
        if (!job.IsTerminal)
        {
            job = await client.WaitForJobAsync(job.JobId, options.Wait ?? Timeout.InfiniteTimeSpan, progress, cancellationToken);
        }

        if (job.Status != JobStatus.Completed || job.EncryptedOutput is not { } encrypted)
        {
            return new Result(job, null);
        }

        var values = keySet.DecryptOutput(requirements, Ciphertext.Parse(encrypted));
        var shape = plan.OutputShape.Select(d => d < 0 ? 1 : d).ToArray();
        return new Result(job, new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            [plan.OutputName] = Tensor.FromDoubles(shape, values),
        });
    }

    public static PlanRequirements RequirementsOf(PrivatePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!Enum.TryParse<CkksParameterSetId>(plan.ParameterSet, out var parameterSet)
            || !Enum.TryParse<ClientActivation>(plan.OutputActivation, ignoreCase: true, out var activation))
        {
            throw new ArgumentException($"the gateway describes a plan this client does not know ({plan.ParameterSet}, {plan.OutputActivation}); update the CLI");
        }

        return new PlanRequirements(parameterSet, plan.InputLength, plan.OutputLength, plan.SlotPeriod, plan.Level,
            plan.NeedsRelinearization, plan.RotationSteps, plan.InputBound, activation);
    }

    /// <summary>The one input row: the model's input by name (or the file's only tensor), exactly InputLength values.</summary>
    private static double[] InputRow(PrivatePlan plan, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var tensor = inputs.TryGetValue(plan.InputName, out var named) ? named
            : inputs.Count == 1 ? inputs.Values.Single()
            : throw new ArgumentException($"the model's input is '{plan.InputName}'; the file names {string.Join(", ", inputs.Keys)}");
        var values = tensor.ToDoubles();
        if (values.Length != plan.InputLength)
        {
            throw new ArgumentException(
                $"private inference takes one row of {plan.InputLength} values (shape [1, {plan.InputLength}]); the input has {values.Length}");
        }

        return values;
    }
}
