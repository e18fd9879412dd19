namespace Aitbc.Orleans.Models.Deployments;

/// <summary>One-click deploy: chosen GPUs' miners prefetch the variant routing would send each, and report when ready. Key: deployment id.</summary>
[Alias("aitbc.IModelDeploymentGrain")]
public interface IModelDeploymentGrain : IGrainWithStringKey
{
    /// <summary>Chooses the targets, records them (one write), then asks their miners to prefetch. A repeat returns the deployment as it is.</summary>
    [Alias("Start")]
    Task<ModelDeploymentView> Start(ModelDeploymentRequest request);

    [Alias("Get")]
    Task<ModelDeploymentView?> Get();

    /// <summary>A miner's report for one of its GPUs: the variant is in its cache (ready) or could not be fetched.</summary>
    [Alias("Report")]
    Task Report(string gpuId, bool ready, string? error);
}
