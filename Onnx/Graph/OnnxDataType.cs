namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>TensorProto.DataType numbers from onnx.proto, and the element sizes the quantizer and size figures need.</summary>
public static class OnnxDataType
{
    public const int Undefined = 0;
    public const int Float = 1;
    public const int UInt8 = 2;
    public const int Int8 = 3;
    public const int UInt16 = 4;
    public const int Int16 = 5;
    public const int Int32 = 6;
    public const int Int64 = 7;
    public const int String = 8;
    public const int Bool = 9;
    public const int Float16 = 10;
    public const int Double = 11;
    public const int UInt32 = 12;
    public const int UInt64 = 13;
    public const int Complex64 = 14;
    public const int Complex128 = 15;
    public const int BFloat16 = 16;
    public const int Float8E4M3FN = 17;
    public const int Float8E4M3FNUZ = 18;
    public const int Float8E5M2 = 19;
    public const int Float8E5M2FNUZ = 20;
    public const int UInt4 = 21;
    public const int Int4 = 22;
    public const int Float4E2M1 = 23;
    public const int Float8E8M0 = 24;
    public const int UInt2 = 25;
    public const int Int2 = 26;

    /// <summary>Bits per element, or null for strings and unknown types (their size is not a function of the count).</summary>
    public static int? BitsPerElement(int dataType) => dataType switch
    {
        Bool or UInt8 or Int8 or Float8E4M3FN or Float8E4M3FNUZ or Float8E5M2 or Float8E5M2FNUZ or Float8E8M0 => 8,
        UInt16 or Int16 or Float16 or BFloat16 => 16,
        Float or Int32 or UInt32 => 32,
        Int64 or UInt64 or Double or Complex64 => 64,
        Complex128 => 128,
        UInt4 or Int4 or Float4E2M1 => 4,
        UInt2 or Int2 => 2,
        _ => null,
    };

    public static bool IsFloatingPoint(int dataType) => dataType is Float or Float16 or Double or BFloat16;
}
