namespace Aitbc.Orleans.Fleet.Profiles;

/// <summary>The native compute stack a device is driven through.</summary>
public enum ComputeApi
{
    Unknown = 0,
    Cuda = 1,
    Rocm = 2,
    Metal = 3,
    LevelZero = 4,
    Vulkan = 5,
    Cpu = 6,
}
