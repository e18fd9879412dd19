namespace Aitbc.Orleans.Jobs;

/// <summary>The jobs a tenant submitted, newest last; lets a tenant list its jobs and nobody else's.</summary>
[Alias("aitbc.ITenantJobsGrain")]
public interface ITenantJobsGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task Add(string jobId);

    [Alias("List")]
    Task<IReadOnlyList<string>> List(int max);
}
