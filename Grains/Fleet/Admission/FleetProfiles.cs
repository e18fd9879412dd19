using Aitbc.Orleans.Fleet.Profiles;

namespace Aitbc.Orleans.Fleet.Admission;

/// <summary>
/// One copy per silo of each profile the classifier derives rather than takes from the catalogue (integrated GPUs
/// sized by the memory their machine reports, devices it does not know): each GPU's row holds its profile, and a
/// derived one was a new object per GPU. Bounded like <see cref="FleetStrings"/>.
/// </summary>
public static class FleetProfiles
{
    public const int Capacity = 4096;

    private static readonly BoundedPool<GpuProfile> Pool = new(Capacity);

    public static GpuProfile Shared(GpuProfile profile) => Pool.Shared(profile);
}
