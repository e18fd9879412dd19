namespace Aitbc.Orleans.Fleet.Admission;

/// <summary>
/// One copy per silo of the short texts thousands of GPUs repeat (device names, execution providers). Bounded: a rig
/// names what it likes, so past <see cref="Capacity"/> distinct texts a new one is kept as it came (it only costs its
/// own copy, as before), and the process-wide <see cref="string.Intern"/> table is never fed strangers' input.
/// </summary>
public static class FleetStrings
{
    public const int Capacity = 4096;

    private static readonly BoundedPool<string> Pool = new(Capacity, StringComparer.Ordinal);

    public static string Shared(string text) => Pool.Shared(text);
}
