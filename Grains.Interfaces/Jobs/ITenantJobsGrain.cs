namespace Aitbc.Orleans.Jobs;

/// <summary>
/// The jobs a tenant submitted, newest last; lets a tenant list its jobs and nobody else's. Appending writes only the
/// current page (full pages move to <see cref="ITenantJobsPageGrain"/>), so the cost of an append does not grow with
/// the tenant's history.
/// </summary>
[Alias("aitbc.ITenantJobsGrain")]
public interface ITenantJobsGrain : IGrainWithStringKey
{
    /// <summary>Appends a job id (a repeat of a recent id is ignored); answers once written.</summary>
    [Alias("Add")]
    Task Add(string jobId);

    /// <summary>The newest job ids first, at most <paramref name="max"/>, without repeats.</summary>
    [Alias("List")]
    Task<IReadOnlyList<string>> List(int max);
}
