namespace Aitbc.Orleans.Fleet;

/// <summary>Which regions hold GPUs, so listings and routing skip empty ones. One instance, key "fleet".</summary>
[Alias("aitbc.IFleetDirectoryGrain")]
public interface IFleetDirectoryGrain : IGrainWithStringKey
{
    [Alias("SetRegion")]
    Task SetRegion(RegionOccupancy occupancy);

    [Alias("GetRegions")]
    Task<IReadOnlyList<RegionOccupancy>> GetRegions();
}
