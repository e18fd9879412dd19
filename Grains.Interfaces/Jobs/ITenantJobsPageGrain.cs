namespace Aitbc.Orleans.Jobs;

/// <summary>A full page of a tenant's job ids, key "{tenant}/{page}": written once, read when a listing reaches back that far.</summary>
[Alias("aitbc.ITenantJobsPageGrain")]
public interface ITenantJobsPageGrain : IGrainWithStringKey
{
    /// <summary>Stores the page; a page already stored keeps its first content (a retried move is a no-op).</summary>
    [Alias("Store")]
    Task Store(IReadOnlyList<string> jobIds);

    [Alias("Read")]
    Task<IReadOnlyList<string>> Read();
}
