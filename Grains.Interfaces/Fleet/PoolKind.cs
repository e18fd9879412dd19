namespace Aitbc.Orleans.Fleet;

/// <summary>Edge GPUs belong to owners; cloud GPUs are platform-owned datacenter cards used as the fallback pool.</summary>
[GenerateSerializer, Alias("aitbc.PoolKind")]
public enum PoolKind
{
    Edge = 0,
    Cloud = 1,
}
