namespace Aitbc.Orleans.Fleet.Profiles;

/// <summary>Form factor of a device, which decides its power envelope and how memory is shared.</summary>
public enum GpuClass
{
    Desktop = 0,
    Laptop = 1,
    Embedded = 2,
    Integrated = 3,
    Datacenter = 4,
    Cpu = 5,
}
