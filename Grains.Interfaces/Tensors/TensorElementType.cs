namespace Aitbc.Orleans.Tensors;

/// <summary>Element types a job tensor may carry. Values are stable on the wire; never renumber.</summary>
[GenerateSerializer]
[Alias("aitbc.TensorElementType")]
public enum TensorElementType
{
    Float32 = 1,
    Float16 = 2,
    Float64 = 3,
    Int64 = 4,
    Int32 = 5,
    Int8 = 6,
    UInt8 = 7,
    Bool = 8,
}
