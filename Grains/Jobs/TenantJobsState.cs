namespace Aitbc.Orleans.Jobs;

/// <summary>A tenant's newest job ids (the current page) and how many full pages were moved out before it.</summary>
[GenerateSerializer, Alias("aitbc.TenantJobsState")]
public sealed class TenantJobsState
{
    [Id(0)] public List<string> Current { get; set; } = [];
    [Id(1)] public int Pages { get; set; }
}
