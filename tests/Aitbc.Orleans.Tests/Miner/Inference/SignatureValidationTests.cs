using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Inference;

public sealed class SignatureValidationTests
{
    private static readonly InferenceModel Model = InferenceModel.FromBytes(DemoModels.Default.ModelBytes);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Wrong_input_name_is_reported_as_unknown_and_missing()
    {
        var error = await RunExpectingRejection(new() { ["inputs"] = TensorData.FromFloats(new float[16], 1, 16) });

        Assert.Contains("Unknown input 'inputs'; the model expects: input.", error.Errors);
        Assert.Contains("Missing input 'input' (expected Float32[-1,16]).", error.Errors);
    }

    [Fact]
    public async Task Wrong_element_type_is_reported()
    {
        var error = await RunExpectingRejection(new() { ["input"] = TensorData.FromInt64s(new long[16], 1, 16) });

        Assert.Equal("Input 'input' has element type Int64 but the model expects Float32.", Assert.Single(error.Errors));
    }

    [Fact]
    public async Task Wrong_rank_is_reported()
    {
        var error = await RunExpectingRejection(new() { ["input"] = TensorData.FromFloats(new float[32], 2, 1, 16) });

        Assert.Equal("Input 'input' has rank 3 [2,1,16] but the model expects rank 2 [-1,16].", Assert.Single(error.Errors));
    }

    [Fact]
    public async Task Wrong_fixed_dimension_is_reported_while_the_dynamic_batch_accepts_anything()
    {
        var error = await RunExpectingRejection(new() { ["input"] = TensorData.FromFloats(new float[24], 3, 8) });

        Assert.Equal("Input 'input' dimension 1 is 8 but the model expects 16 (shape [-1,16], -1 = any).", Assert.Single(error.Errors));
        Assert.StartsWith("Invalid inputs for model " + Model, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_tensor_data_is_rejected_before_reaching_onnx_runtime()
    {
        var shortData = new TensorData(TensorElementType.Float32, [1, 16], new byte[60]);
        var error = await RunExpectingRejection(new() { ["input"] = shortData });
        Assert.Contains("Data is 60 bytes but Float32[1,16] needs 64", Assert.Single(error.Errors), StringComparison.Ordinal);

        var nan = new float[16];
        nan[3] = float.NaN;
        error = await RunExpectingRejection(new() { ["input"] = TensorData.FromFloats(nan, 1, 16) });
        Assert.Contains("Element 3 is NaN or infinite", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Signature_lists_every_problem_at_once()
    {
        var signature = new ModelSignature(
            [new TensorSpec("a", TensorElementType.Float32, [-1, 4]), new TensorSpec("b", TensorElementType.Int64, [2])],
            [new TensorSpec("y", TensorElementType.Float32, [-1])]);

        var errors = signature.FindInputErrors(new Dictionary<string, TensorData>
        {
            ["a"] = TensorData.FromFloats(new float[4], 4),
            ["c"] = TensorData.FromBools([true]),
        });

        Assert.Equal(3, errors.Count);
        Assert.Empty(signature.FindInputErrors(new Dictionary<string, TensorData>
        {
            ["a"] = TensorData.FromFloats(new float[12], 3, 4),
            ["b"] = TensorData.FromInt64s([1L, 2L], 2),
        }));
    }

    private static async Task<InferenceInputException> RunExpectingRejection(Dictionary<string, TensorData> inputs)
    {
        using var engine = EngineFactory.Create();
        return await Assert.ThrowsAsync<InferenceInputException>(() => engine.RunAsync(Model, inputs, Ct));
    }
}
