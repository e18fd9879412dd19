using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Models.Variants;
using Aitbc.Orleans.Onnx.Quantization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Models;

/// <summary>
/// Builds a model's fp16 and int8 variants in the cluster after its upload answered: <see cref="Request"/> writes
/// "pending" and returns; the build runs on an interleaving timer (reads are served meanwhile) through the silo's
/// <see cref="VariantBuildQueue"/>. Each variant that passed is stored content-addressed like an original; one that
/// did not keeps only its report and is never deployed. A build cut short by a lost activation resumes on the next
/// activation (any read activates it); after <see cref="MaxAttempts"/> starts it is given up (fp32 only).
/// </summary>
public sealed class ModelVariantsGrain(
    [PersistentState("variants", AitbcConstants.GrainStorage)] IPersistentState<ModelVariantsState> state,
    VariantBuildQueue queue,
    IOptions<ModelVariantBuildOptions> options,
    ILogger<ModelVariantsGrain> logger) : Grain, IModelVariantsGrain
{
    private const int MaxAttempts = 3;
    private IGrainTimer? _build;

    private ModelVariantsState S => state.State;
    private string ModelId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Status == VariantBuildStatus.Pending)
        {
            StartBuild();
        }

        return Task.CompletedTask;
    }

    public async Task Request()
    {
        if (S.Status == VariantBuildStatus.None)
        {
            S.Status = VariantBuildStatus.Pending;
            await state.WriteOrDeactivate(this);
        }

        if (S.Status == VariantBuildStatus.Pending)
        {
            StartBuild();
        }
    }

    public Task<ModelVariantSet> Get()
    {
        if (S.Status == VariantBuildStatus.Pending)
        {
            StartBuild();
        }

        return Task.FromResult(new ModelVariantSet(ModelId, S.Status, S.Variants.ToArray(), S.Error));
    }

    public async Task<byte[]?> ReadChunk(Precision precision, int index)
    {
        var (sha, chunks) = precision == Precision.Fp32
            ? await GrainFactory.Grain<IModelGrain>(ModelId).Get() is { } info ? (info.Sha256, info.ChunkCount) : (null, 0)
            : S.Variants.FirstOrDefault(v => v.Report.Precision == precision && v.Deployable) is { } variant ? (variant.Report.Sha256, variant.ChunkCount) : (null, 0);
        return sha is null || index < 0 || index >= chunks
            ? null
            : await GrainFactory.Grain<IModelChunkGrain>(ModelStore.ChunkKey(sha, index)).Read();
    }

    private void StartBuild() =>
        _build ??= this.RegisterGrainTimer(
            _ => Build(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });

    private async Task Build()
    {
        try
        {
            if (S.Status != VariantBuildStatus.Pending)
            {
                return;
            }

            if (S.Attempts >= MaxAttempts)
            {
                await End(VariantBuildStatus.Failed, [], $"the build did not finish in {MaxAttempts} attempts; the model runs at fp32 only");
                return;
            }

            S.Attempts++;
            await state.WriteOrDeactivate(this);
            var info = await GrainFactory.Grain<IModelGrain>(ModelId).Get();
            if (info is null)
            {
                await End(VariantBuildStatus.Failed, [], "no such model");
                return;
            }

            var bytes = await ModelStore.ReadAllAsync(GrainFactory, info);
            var samples = Math.Max(1, options.Value.VariantSamples);
            var evaluation = new VariantEvaluationOptions { Samples = samples, BatchSize = Math.Min(250, samples) };
            var built = await queue.Run(() => ModelVariantBuilder.BuildAll(bytes, new ModelVariantOptions { Evaluation = evaluation }));
            var stored = new List<StoredModelVariant>(built.Count);
            foreach (var variant in built)
            {
                var chunks = variant.Deployable ? await ModelStore.PutChunksAsync(GrainFactory, variant.Report.Sha256!, variant.Content!) : 0;
                stored.Add(new StoredModelVariant(variant.Report, chunks));
            }

            await End(VariantBuildStatus.Built, stored, null);
            logger.LogInformation(
                "Variants of {Model}: {Variants}", ModelId,
                string.Join("; ", stored.Select(v => $"{v.Report.Precision} {(v.Deployable ? "passed" : "not deployable: " + v.Report.FailureReason)}")));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage or a chunk read failed: still pending, tried again on the next read or activation.
            logger.LogWarning("Building the variants of {Model} failed: {Error}", ModelId, ex.Message);
        }
        finally
        {
            _build?.Dispose();
            _build = null;
        }
    }

    private async Task End(VariantBuildStatus status, List<StoredModelVariant> variants, string? error)
    {
        S.Status = status;
        S.Variants = variants;
        S.Error = error;
        await state.WriteOrDeactivate(this);
    }
}
