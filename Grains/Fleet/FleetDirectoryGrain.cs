using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Fleet;

/// <summary>Which regions hold GPUs. Written only when a region gains or loses a GPU, read by routers (cached).</summary>
public sealed class FleetDirectoryGrain(
    [PersistentState("fleet", AitbcConstants.GrainStorage)] IPersistentState<Dictionary<string, RegionOccupancy>> state) : Grain, IFleetDirectoryGrain
{
    public async Task SetRegion(RegionOccupancy occupancy)
    {
        ArgumentNullException.ThrowIfNull(occupancy);
        if (state.State.TryGetValue(occupancy.Region, out var known) && known == occupancy)
        {
            return;
        }

        if (occupancy.GpuCount == 0)
        {
            state.State.Remove(occupancy.Region);
        }
        else
        {
            state.State[occupancy.Region] = occupancy;
        }

        // A failed write must not leave memory ahead of storage: the region publishes again and finds what is stored.
        await state.WriteOrDeactivate(this);
    }

    public Task<IReadOnlyList<RegionOccupancy>> GetRegions() =>
        Task.FromResult<IReadOnlyList<RegionOccupancy>>(state.State.Values.OrderBy(r => r.Region, StringComparer.Ordinal).ToArray());
}
