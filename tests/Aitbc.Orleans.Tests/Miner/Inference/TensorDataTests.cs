using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Inference;

public sealed class TensorDataTests
{
    [Fact]
    public void Typed_helpers_round_trip_every_element_type()
    {
        Assert.Equal([1.5f, -2f], TensorData.FromFloats([1.5f, -2f]).ToFloats());
        Assert.Equal([(Half)0.5f], TensorData.FromHalves([(Half)0.5f]).ToHalves());
        Assert.Equal([Math.PI], TensorData.FromDoubles([Math.PI]).ToDoubles());
        Assert.Equal([long.MinValue, 3L], TensorData.FromInt64s([long.MinValue, 3L]).ToInt64s());
        Assert.Equal([int.MaxValue], TensorData.FromInt32s([int.MaxValue]).ToInt32s());
        Assert.Equal([(sbyte)-5], TensorData.FromSBytes([(sbyte)-5]).ToSBytes());
        Assert.Equal([(byte)250], TensorData.FromBytes([(byte)250]).ToBytes());
        Assert.Equal([true, false], TensorData.FromBools([true, false]).ToBools());
    }

    [Fact]
    public void Data_is_little_endian_raw_bytes()
    {
        var tensor = TensorData.FromFloats([1f], 1, 1);

        Assert.Equal([0x00, 0x00, 0x80, 0x3F], tensor.Data);
        Assert.Equal([1L, 1L], tensor.Shape);
        Assert.Equal(1, tensor.ElementCount);
        Assert.Throws<InvalidOperationException>(() => tensor.ToInt32s());
    }

    [Fact]
    public void Validate_accepts_well_formed_tensors()
    {
        Assert.Null(TensorData.FromFloats(new float[6], 2, 3).Validate());
        Assert.Null(TensorData.FromFloats([], 0, 3).Validate());
        Assert.Null(TensorData.FromFloats([7f]).Validate()); // scalar
    }

    [Theory]
    [InlineData(new long[] { 2, -1 }, 8, "Dimension 1 is negative (-1) in shape [2,-1].")]
    [InlineData(new long[] { long.MaxValue, 4 }, 8, "Element count of shape [9223372036854775807,4] overflows.")]
    [InlineData(new long[] { 2, 2 }, 12, "Data is 12 bytes but Float32[2,2] needs 16.")]
    [InlineData(new long[] { 5, 5 }, 100, "Tensor has 25 elements, more than the limit of 20.")]
    public void Validate_explains_malformed_tensors(long[] shape, int bytes, string expected) =>
        Assert.Equal(expected, new TensorData(TensorElementType.Float32, shape, new byte[bytes]).Validate(maxElements: 20));

    [Fact]
    public void Validate_rejects_non_finite_floats()
    {
        Assert.Equal("Element 1 is NaN or infinite.", TensorData.FromFloats([0f, float.PositiveInfinity]).Validate());
        Assert.Equal("Element 0 is NaN or infinite.", TensorData.FromHalves([Half.NaN]).Validate());
        Assert.Equal("Element 2 is NaN or infinite.", TensorData.FromDoubles([1, 2, double.NegativeInfinity]).Validate());
    }

    [Fact]
    public void Equality_compares_contents()
    {
        Assert.Equal(TensorData.FromInt32s([1, 2], 2), TensorData.FromInt32s([1, 2], 2));
        Assert.NotEqual(TensorData.FromInt32s([1, 2], 2), TensorData.FromInt32s([1, 3], 2));
        Assert.NotEqual(TensorData.FromInt32s([1, 2], 2), TensorData.FromInt32s([1, 2], 1, 2));
    }

    [Fact]
    public void Messages_survive_the_orleans_serializer()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var tensor = TensorData.FromHalves([(Half)1, (Half)(-2)], 1, 2);
        var signature = new ModelSignature(
            [new TensorSpec("input", TensorElementType.Float32, [-1, 16])],
            [new TensorSpec("output", TensorElementType.Float32, [-1, 4])]);
        var signed = new ResultSignature("job-1", [1, 2], [3], [4, 5]);

        Assert.Equal(tensor, serializer.Deserialize<TensorData>(serializer.SerializeToArray(tensor)));
        Assert.Equal(signature, serializer.Deserialize<ModelSignature>(serializer.SerializeToArray(signature)));
        Assert.Equal(signed, serializer.Deserialize<ResultSignature>(serializer.SerializeToArray(signed)));
    }
}
