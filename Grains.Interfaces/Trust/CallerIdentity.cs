namespace Aitbc.Orleans.Trust;

/// <summary>An authenticated caller: its kind and id ("miner:miner-3f2a...", "gateway:gw-1", "operator:ops").</summary>
[GenerateSerializer, Immutable, Alias("aitbc.CallerIdentity")]
public sealed record CallerIdentity([property: Id(0)] CallerKind Kind, [property: Id(1)] string Id)
{
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}
