namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>A cluster whose jobs wait for capacity instead of failing at once (the fake clock never reaches the timeout).</summary>
public sealed class QueueingClusterFixture : ClusterFixture
{
    protected override void ConfigureJobs(Aitbc.Orleans.Jobs.JobOptions options) => options.QueueTimeout = TimeSpan.FromHours(1);
}
