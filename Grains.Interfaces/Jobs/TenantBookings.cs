namespace Aitbc.Orleans.Jobs;

/// <summary>Where a tenant's bookings are listed: an id index of the same kind as its jobs', under its own key.</summary>
public static class TenantBookings
{
    /// <summary>The key of the tenant's booking index ('#' never occurs in account ids, so it cannot be a job index).</summary>
    public static string IndexKey(string tenantAccountId) => $"{tenantAccountId}#bookings";

    public static ITenantJobsGrain Index(this IGrainFactory grains, string tenantAccountId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Grain<ITenantJobsGrain>(IndexKey(tenantAccountId));
    }
}
