namespace Aitbc.Orleans.Routing;

/// <summary>The precisions a GPU runs well, as bits (routing rows keep them in one byte).</summary>
[Flags]
public enum PrecisionSupport : byte
{
    None = 0,
    Fp32 = 1,
    Fp16 = 2,
    Int8 = 4,
}
