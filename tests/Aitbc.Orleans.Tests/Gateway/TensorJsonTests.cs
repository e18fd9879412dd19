using System.Text.Json;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Http;
using Aitbc.Orleans.Gateway.Tensors;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>The JSON tensor form without a server: exact bytes in, and outputs a model may produce coming out.</summary>
public sealed class TensorJsonTests
{
    private static readonly TensorLimits Limits = new(1000, 4);

    [Fact]
    public void Non_finite_outputs_are_written_as_strings_rather_than_failing_the_response()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        GatewayJson.ConfigureResponses(options);

        var json = JsonSerializer.Serialize(TensorJson.Write(TensorData.FromFloats([float.NaN, float.NegativeInfinity, 1.5f], 3)), options);

        Assert.Equal("""{"type":"float32","shape":[3],"data":["NaN","-Infinity",1.5]}""", json);
    }

    [Fact]
    public void Json_numbers_become_the_exact_little_endian_elements()
    {
        var errors = new ValidationErrors();
        var body = JsonSerializer.Deserialize<TensorBody>("""{"type":"int64","shape":[2,2],"data":[1,-2,9007199254740993,0]}""", GatewayJson.Requests)!;

        var tensor = TensorJson.Read("inputs.a", body, Limits, errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal(TensorData.FromInt64s([1L, -2L, 9007199254740993L, 0L], 2, 2), tensor);
    }

    [Fact]
    public void A_malformed_tensor_reports_each_field_that_is_wrong()
    {
        var errors = new ValidationErrors();
        var body = JsonSerializer.Deserialize<TensorBody>("""{"type":"complex64","shape":[-1],"data":[1]}""", GatewayJson.Requests)!;

        Assert.Null(TensorJson.Read("inputs.a", body, Limits, errors));

        var fields = errors.ToDictionary();
        Assert.Contains("inputs.a.type", fields.Keys);
        Assert.Contains("inputs.a.shape", fields.Keys);
    }
}
