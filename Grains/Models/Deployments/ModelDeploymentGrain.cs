using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Models.Deployments;
using Aitbc.Orleans.Models.Variants;
using Aitbc.Orleans.Routing;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Models;

/// <summary>
/// One deployment: picks the GPUs (named, or the best-fitting available ones of a region, most capacity first), works
/// out for each the variant routing would send it (<see cref="ModelFit.Choose(ModelSizes, GpuRoutingSummary, Precision?)"/>),
/// records the targets (one write), then asks each miner to prefetch and waits for the miners' reports. A GPU the model
/// fits nowhere, or whose miner is not connected, is recorded as failed with the reason. A target that has not reported
/// within <see cref="ReportPatience"/> reads as failed. Bounded: at most <see cref="ModelDeploymentLimits.MaxTargets"/> GPUs.
/// </summary>
public sealed class ModelDeploymentGrain(
    [PersistentState("deployment", AitbcConstants.GrainStorage)] IPersistentState<ModelDeploymentState> state,
    DomainTime time,
    ILogger<ModelDeploymentGrain> logger) : Grain, IModelDeploymentGrain
{
    private static readonly TimeSpan ReportPatience = TimeSpan.FromMinutes(15);

    private string DeploymentId => this.GetPrimaryKeyString();

    public async Task<ModelDeploymentView> Start(ModelDeploymentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.State.View is { } existing)
        {
            return existing;
        }

        var model = await GrainFactory.Grain<IModelGrain>(request.ModelId).Get()
            ?? throw new ArgumentException($"unknown model {request.ModelId}");
        var variants = await GrainFactory.Grain<IModelVariantsGrain>(model.ModelId).Get();
        var sizes = variants.Sizes(model.SizeBytes);
        var gpus = await Candidates(request, sizes);
        var now = time.GetUtcNow();
        var targets = gpus.Select(g =>
        {
            if (g.Summary is null)
            {
                return new DeploymentTarget(g.GpuId, Precision.Fp32, DeploymentTargetStatus.Failed, "no such GPU", now);
            }

            return ModelFit.Choose(sizes, g.Summary) is { } precision
                ? new DeploymentTarget(g.GpuId, precision, DeploymentTargetStatus.Prefetching, null, now)
                : new DeploymentTarget(g.GpuId, Precision.Fp32, DeploymentTargetStatus.Failed, "no deployable variant of the model fits this GPU", now);
        }).ToList();
        state.State.View = new ModelDeploymentView(DeploymentId, model.ModelId, request.AccountId, now, targets);
        await state.WriteOrDeactivate(this);

        foreach (var target in targets.Where(t => t.Status == DeploymentTargetStatus.Prefetching).ToArray())
        {
            var variant = target.Precision == Precision.Fp32 ? null : variants.Deployable(target.Precision);
            var minerId = gpus.First(g => g.GpuId == target.GpuId).Summary!.MinerId;
            try
            {
                await GrainFactory.Grain<IMinerGrain>(minerId).Prefetch(new ModelPrefetch(
                    DeploymentId, model.ModelId, target.GpuId, target.Precision, variant?.Report.Sha256, variant?.Report.SizeBytes ?? 0));
            }
            catch (Exception ex) when (ex is MinerUnavailableException or TimeoutException or OrleansException)
            {
                logger.LogInformation("Deployment {Deployment}: miner {Miner} did not take the prefetch: {Error}", DeploymentId, minerId, ex.Message);
                Set(target.GpuId, DeploymentTargetStatus.Failed, $"the miner did not take the prefetch: {ex.Message}");
            }
        }

        await state.WriteOrDeactivate(this);
        return state.State.View;
    }

    public Task<ModelDeploymentView?> Get()
    {
        if (state.State.View is not { } view)
        {
            return Task.FromResult<ModelDeploymentView?>(null);
        }

        // Shown, not stored: a miner that never reported is past waiting for.
        var now = time.GetUtcNow();
        return Task.FromResult<ModelDeploymentView?>(view with
        {
            Targets = view.Targets.Select(t => t.Status == DeploymentTargetStatus.Prefetching && now - t.Since > ReportPatience
                ? t with { Status = DeploymentTargetStatus.Failed, Error = $"no report from the miner within {ReportPatience.TotalMinutes:0} minutes" }
                : t).ToArray(),
        });
    }

    public async Task Report(string gpuId, bool ready, string? error)
    {
        if (state.State.View?.Targets.FirstOrDefault(t => t.GpuId == gpuId) is not { Status: DeploymentTargetStatus.Prefetching })
        {
            return;
        }

        Set(gpuId, ready ? DeploymentTargetStatus.Ready : DeploymentTargetStatus.Failed, ready ? null : Truncate(error ?? "the miner could not fetch the model"));
        await state.WriteOrDeactivate(this);
    }

    private void Set(string gpuId, DeploymentTargetStatus status, string? error)
    {
        var view = state.State.View!;
        var now = time.GetUtcNow();
        state.State.View = view with
        {
            Targets = view.Targets.Select(t => t.GpuId == gpuId ? t with { Status = status, Error = error, Since = now } : t).ToArray(),
        };
    }

    /// <summary>The named GPUs (their summaries, null for unknown ids), or the region's available GPUs the model fits, most memory first.</summary>
    private async Task<IReadOnlyList<(string GpuId, GpuRoutingSummary? Summary)>> Candidates(ModelDeploymentRequest request, ModelSizes sizes)
    {
        if (request.GpuIds is { Count: > 0 } ids)
        {
            var snapshots = await Task.WhenAll(ids.Distinct().Take(ModelDeploymentLimits.MaxTargets).Select(id => GrainFactory.GpuRow(id).GetSnapshot()));
            return ids.Distinct().Take(ModelDeploymentLimits.MaxTargets).Zip(snapshots, (id, s) => (id, s?.Routing)).ToArray();
        }

        var listed = await GrainFactory.Grain<IRegionGrain>(request.Region ?? "").ListGpus();
        return listed
            .Where(g => g.Available && g.Routable && ModelFit.Choose(sizes, g) is not null)
            .OrderByDescending(g => g.VramGb).ThenBy(g => g.GpuId, StringComparer.Ordinal)
            .Take(Math.Clamp(request.Count, 1, ModelDeploymentLimits.MaxTargets))
            .Select(g => (g.GpuId, (GpuRoutingSummary?)g))
            .ToArray();
    }

    private static string Truncate(string text) => text.Length <= 512 ? text : text[..512];
}
