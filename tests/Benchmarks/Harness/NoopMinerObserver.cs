using Aitbc.Orleans.Dispatch;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>A simulated miner's connection: the system scenarios never dispatch jobs, so it accepts and does nothing.</summary>
public sealed class NoopMinerObserver : IMinerObserver
{
    public Task Execute(JobAssignment assignment) => Task.CompletedTask;

    public Task Cancel(string jobId, int attempt) => Task.CompletedTask;

    public Task Prefetch(Aitbc.Orleans.Models.Deployments.ModelPrefetch prefetch) => Task.CompletedTask;
}
