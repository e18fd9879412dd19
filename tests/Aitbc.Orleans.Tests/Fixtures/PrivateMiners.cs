using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Tests.Gateway;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// A test miner whose private jobs are evaluated by the daemon's own <see cref="PrivateEvaluator"/>: real CKKS
/// evaluation on this CPU, with the plan and the payload the cluster pushed. Records what it was sent.
/// </summary>
public static class PrivateMiners
{
    public static async Task<RunningMiner> StartPrivateMiner(this GatewayFixture fixture, double lat, double lon)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var evaluator = new PrivateEvaluator();
        var miner = new TestMiner(fixture.Client, TestMiner.NewMinerId())
        {
            Outputs = assignment => assignment.JobType == JobType.PrivateInference
                ? new(evaluator.RunAsync(assignment, CancellationToken.None).GetAwaiter().GetResult().Outputs, StringComparer.Ordinal)
                : throw new InvalidOperationException("this test miner runs private jobs only"),
        };
        var gpu = TestMiner.Gpu(miner.GpuId("gpu"), lat, lon);
        await miner.Register(fixture.Client, [gpu]);
        return new RunningMiner(fixture.Client, miner, gpu);
    }
}
