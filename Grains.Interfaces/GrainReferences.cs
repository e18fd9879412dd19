namespace Aitbc.Orleans;

/// <summary>
/// String-keyed grain references without Orleans' per-call interface lookup. <c>GetGrain&lt;T&gt;(key)</c> resolves
/// <typeparamref name="T"/>'s grain interface type through attribute providers on every call, reading the interface's
/// custom attributes by reflection (about 6 % of a routing decision's CPU at 100k GPUs, profiled). The answer cannot
/// change within a process, so it is resolved once per interface, through <c>GetGrain</c> itself, and each reference
/// after that is built straight from the grain id. A resolution that fails throws as <c>GetGrain</c> does and is not
/// remembered.
/// </summary>
public static class GrainReferences
{
    public static T Grain<T>(this IGrainFactory grains, string key)
        where T : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Reference(grains, IdSpan.Create(key), () => grains.GetGrain<T>(key));
    }

    public static T Grain<T>(this IGrainFactory grains, long key)
        where T : IGrainWithIntegerKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        return Reference(grains, GrainIdKeyExtensions.CreateIntegerKey(key), () => grains.GetGrain<T>(key));
    }

    private static T Reference<T>(IGrainFactory grains, IdSpan key, Func<T> resolve)
    {
        var types = Volatile.Read(ref ResolvedTypes<T>.Value);
        if (types is null)
        {
            var probe = resolve();
            var reference = (GrainReference)(object)probe!;
            // Published as one reference, so no reader sees half of it; two threads may both resolve, to the same answer.
            Volatile.Write(ref ResolvedTypes<T>.Value, new Resolved(reference.GrainId.Type, reference.InterfaceType));
            return probe;
        }

        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private sealed record Resolved(GrainType Grain, GrainInterfaceType Interface);

    /// <summary>The grain type and grain interface type of <typeparamref name="T"/>, once resolved in this process.</summary>
    private static class ResolvedTypes<T>
    {
        public static Resolved? Value;
    }
}
