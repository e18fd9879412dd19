namespace Aitbc.Orleans.Miner.Inference;

/// <summary>What identifies a loaded session: the model's content, its variant (precision) and the provider.</summary>
internal readonly record struct SessionKey(string Sha256, string Variant, string Provider)
{
    public override string ToString() => $"{Sha256[..Math.Min(12, Sha256.Length)]}/{Variant} on {Provider}";
}
