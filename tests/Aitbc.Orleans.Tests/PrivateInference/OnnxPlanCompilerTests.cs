using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Compiler;
using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Onnx.Graph;
using Aitbc.Orleans.Onnx.Serialization;
using Aitbc.Orleans.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Tests.PrivateInference;

/// <summary>
/// ONNX models built with the model builder, compiled into plans and checked against ONNX Runtime's plaintext output:
/// the plan's own plaintext evaluation closely (float32 weights), the encrypted evaluation within the stated 1e-3.
/// </summary>
public sealed class OnnxPlanCompilerTests
{
    /// <summary>The stated precision of private inference: decrypted outputs within 1e-3 absolute of plaintext inference.</summary>
    private const double Stated = 1e-3;

    /// <summary>The plan's plaintext evaluation in doubles against ONNX Runtime in float32.</summary>
    private const double Float32 = 1e-5;

    // N = 1024 keeps the encrypted round trips fast; one test runs at the secure N = 8192.
    private static readonly CkksParameters Fast = CkksParameters.InsecureTest;

    [Fact]
    public void Logistic_regression_is_one_dense_layer_with_the_sigmoid_on_the_client_and_matches_onnx_runtime()
    {
        var model = PrivateDemoModels.LogisticRegression();
        var compiled = OnnxPlanCompiler.Compile(model, Fast);

        Assert.Equal(("features", "probability"), (compiled.InputName, compiled.OutputName));
        Assert.Equal([1L, 16], compiled.InputShape);
        Assert.Equal([1L, 1], compiled.OutputShape);
        Assert.Equal(1, compiled.Plan.Depth);
        Assert.Equal(ClientActivation.Sigmoid, compiled.Plan.OutputActivation);
        AgreesWithOnnxRuntime(model, compiled, samples: 4, seed: 1);
    }

    [Fact]
    public void Square_mlp_at_the_secure_parameter_set_matches_onnx_runtime()
    {
        var model = PrivateDemoModels.SquareMlp();
        var compiled = OnnxPlanCompiler.Compile(model, CkksParameters.Standard128);

        Assert.Equal(3, compiled.Plan.Depth);
        Assert.Equal([1L, 4], compiled.OutputShape);
        Assert.True(compiled.Plan.Requirements.NeedsRelinearization);
        AgreesWithOnnxRuntime(model, compiled, samples: 1, seed: 2);
    }

    [Fact]
    public void Gemm_attributes_pow_and_a_final_softmax_compile_and_match_onnx_runtime()
    {
        var random = new Random(3);
        var model = new OnnxModelBuilder("gemm-pow-softmax")
            .Input("x", TensorElementType.Float32, 1, 6)
            .Initializer("w1", Weights(random, 6, 5))
            .Initializer("c1", Weights(random, 1, 5))
            .Initializer("two", TensorData.FromFloats([2f]))
            .Initializer("w2", Weights(random, 5, 3))
            .Initializer("b2", Weights(random, 3))
            .Node("Gemm", ["x", "w1", "c1"], ["h"], OnnxAttribute.Float("alpha", 0.5f), OnnxAttribute.Float("beta", 2f))
            .Node("Pow", ["h", "two"], ["h2"])
            .MatMul("h2", "w2", "y")
            .Add("y", "b2", "logits")
            .Node("Softmax", ["logits"], ["p"], OnnxAttribute.Int("axis", -1))
            .Output("p", TensorElementType.Float32, 1, 3)
            .Build();

        var compiled = OnnxPlanCompiler.Compile(model, Fast);

        Assert.Equal(3, compiled.Plan.Depth);
        Assert.Equal(ClientActivation.Softmax, compiled.Plan.OutputActivation);
        AgreesWithOnnxRuntime(model, compiled, samples: 2, seed: 4);
    }

    [Fact]
    public void Constant_operations_and_consecutive_dense_layers_fold_into_one_level()
    {
        var random = new Random(5);
        // (x - mean) / std → MatMul → MatMul → + b → × s → Neg → 0.25 - y, with one constant from a Constant node.
        var model = new OnnxModelBuilder("folded")
            .Input("x", TensorElementType.Float32, "batch", 8)
            .Initializer("mean", Weights(random, 8))
            .Initializer("std", TensorData.FromFloats([.. Enumerable.Range(0, 8).Select(i => 1.5f + i * 0.25f)], 8))
            .Initializer("w1", Weights(random, 8, 6))
            .Initializer("w2", Weights(random, 6, 2))
            .Initializer("b", Weights(random, 2))
            .Initializer("s", TensorData.FromFloats([0.5f, -2f], 1, 2))
            .Node("Constant", [], ["quarter"], OnnxAttribute.Float("value_float", 0.25f))
            .Node("Sub", ["x", "mean"], ["centred"])
            .Node("Div", ["centred", "std"], ["scaled"])
            .MatMul("scaled", "w1", "h")
            .MatMul("h", "w2", "y")
            .Add("b", "y", "yb")
            .Node("Mul", ["yb", "s"], ["ys"])
            .Node("Neg", ["ys"], ["yn"])
            .Node("Sub", ["quarter", "yn"], ["out"])
            .Output("out", TensorElementType.Float32, "batch", 2)
            .Build();

        var compiled = OnnxPlanCompiler.Compile(model, Fast);

        Assert.Equal(1, compiled.Plan.Depth);
        Assert.Equal([1L, 2], compiled.OutputShape);
        AgreesWithOnnxRuntime(model, compiled, samples: 3, seed: 6);
    }

    [Fact]
    public void A_vector_input_compiles_with_vector_shapes()
    {
        var random = new Random(7);
        var model = new OnnxModelBuilder("vector")
            .Input("x", TensorElementType.Float32, 4)
            .Initializer("w", Weights(random, 4, 3))
            .MatMul("x", "w", "y")
            .Output("y", TensorElementType.Float32, 3)
            .Build();

        var compiled = OnnxPlanCompiler.Compile(model, Fast);

        Assert.Equal([4L], compiled.InputShape);
        Assert.Equal([3L], compiled.OutputShape);
        AgreesWithOnnxRuntime(model, compiled, samples: 1, seed: 8);
    }

    public static TheoryData<string, string?, string?, string> Refusals() => new()
    {
        { "relu", "Relu_2", "Relu", "not a polynomial" },
        { "too-deep", "Mul_6", "Mul", "needs level 4" },
        { "too-large", "MatMul_0", "MatMul", "can reach" },
        { "pow-3", "Pow_2", "Pow", "exponent 3" },
        { "after-sigmoid", "Add_2", "Add", "follows 'Sigmoid_1' (Sigmoid)" },
        { "branch", "MatMul_0", "MatMul", "is used 2 times" },
        { "weights-left", "MatMul_0", "MatMul", "on the left" },
        { "too-wide", "MatMul_0", "MatMul", "at most 512" },
        { "two-inputs", null, null, "exactly one input vector" },
        { "square-input", "Mul_0", "Mul", "squares the model's input" },
        { "custom-domain", "Scale_0", "Scale", "operator domain 'com.example'" },
        { "shape", null, null, "one vector" },
        { "after-square", "Add_3", "Add", "no dense layer follows" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Unsupported_models_are_refused_with_the_node_the_operator_and_the_limit(string name, string? node, string? op, string reason)
    {
        var error = Assert.Throws<ModelNotSupportedException>(() => OnnxPlanCompiler.Compile(Unsupported(name), Fast));

        Assert.Equal(node, error.NodeName);
        Assert.Equal(op, error.OperatorType);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        if (node is not null)
        {
            Assert.StartsWith($"node '{node}' ({op}): ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Bytes_that_are_not_a_model_are_refused_as_such()
    {
        var error = Assert.Throws<ModelNotSupportedException>(() => OnnxPlanCompiler.Compile(new byte[] { 0x0a, 0xff, 0xff }, Fast));

        Assert.Contains("not a readable ONNX model", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Unsupported(string name)
    {
        var random = new Random(name.Length);
        var builder = new OnnxModelBuilder(name).Input("x", TensorElementType.Float32, 1, 4);
        switch (name)
        {
            case "relu":
                builder.Initializer("w", Weights(random, 4, 4)).Initializer("b", Weights(random, 4))
                    .MatMul("x", "w", "h").Add("h", "b", "hb").Relu("hb", "y");
                break;
            case "too-deep":
                // dense, square, dense, square: four levels where the parameter sets offer three.
                builder.Initializer("w1", Weights(random, 4, 4)).Initializer("w2", Weights(random, 4, 4)).Initializer("b", Weights(random, 4))
                    .MatMul("x", "w1", "a").Add("a", "b", "ab").Node("Mul", ["ab", "ab"], ["a2"])
                    .MatMul("a2", "w2", "c").Add("c", "b", "cb").Node("Identity", ["cb"], ["ci"]).Node("Mul", ["ci", "ci"], ["y"]);
                break;
            case "too-large":
                builder.Initializer("w", TensorData.FromFloats(Enumerable.Repeat(100f, 16).ToArray(), 4, 4)).MatMul("x", "w", "y");
                break;
            case "pow-3":
                builder.Initializer("w", Weights(random, 4, 4)).Initializer("three", TensorData.FromFloats([3f]))
                    .MatMul("x", "w", "h").Identity("h", "hi").Node("Pow", ["hi", "three"], ["y"]);
                break;
            case "after-sigmoid":
                builder.Initializer("w", Weights(random, 4, 4)).Initializer("b", Weights(random, 4))
                    .MatMul("x", "w", "h").Node("Sigmoid", ["h"], ["s"]).Add("s", "b", "y");
                break;
            case "branch":
                builder.Initializer("w", Weights(random, 4, 4)).Initializer("v", Weights(random, 4, 4))
                    .MatMul("x", "w", "a").MatMul("x", "v", "b").Identity("a", "a1").Add("a1", "b", "y");
                break;
            case "weights-left":
                builder.Initializer("w", Weights(random, 1, 1)).MatMul("w", "x", "y");
                break;
            case "too-wide":
                builder.Initializer("w", Weights(random, 4, 600)).MatMul("x", "w", "y");
                return builder.Output("y", TensorElementType.Float32, 1, 600).Build();
            case "two-inputs":
                builder.Input("z", TensorElementType.Float32, 1, 4).Add("x", "z", "y");
                break;
            case "square-input":
                builder.Node("Mul", ["x", "x"], ["y"]);
                break;
            case "custom-domain":
                builder.Node("Scale", ["x"], ["y"]);
                var model = builder.Output("y", TensorElementType.Float32, 1, 4).BuildModel();
                var graph = model.RequireGraph();
                graph.Nodes[0] = graph.Nodes[0] with { Domain = "com.example" };
                return OnnxModelWriter.Write(model);
            case "shape":
                return new OnnxModelBuilder(name).Input("x", TensorElementType.Float32, 2, 4).Identity("x", "y")
                    .Output("y", TensorElementType.Float32, 2, 4).Build();
            case "after-square":
                builder.Initializer("w", Weights(random, 4, 4)).Initializer("b", Weights(random, 4))
                    .MatMul("x", "w", "h").Node("Mul", ["h", "h"], ["h2"]).Identity("h2", "h3").Add("h3", "b", "y");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "no such model");
        }

        return builder.Output("y", TensorElementType.Float32, 1, 4).Build();
    }

    private static void AgreesWithOnnxRuntime(byte[] model, CompiledPlan compiled, int samples, int seed)
    {
        using var session = new InferenceSession(model);
        var random = new Random(seed);
        var plan = compiled.Plan;
        using var client = PrivateInferenceClient.Create(plan.Parameters);
        var requirements = plan.Requirements;
        // Through the binary forms, as a job carries them.
        var keys = EvaluationKeys.Parse(client.CreateEvaluationKeys(requirements).ToBytes());
        var evaluator = new EncryptedPlanEvaluator(EncryptedPlan.Parse(plan.ToBytes()));
        for (var s = 0; s < samples; s++)
        {
            var input = Enumerable.Range(0, plan.InputLength).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            using var value = OrtValue.CreateTensorValueFromMemory(input, [.. compiled.InputShape]);
            using var options = new RunOptions();
            using var results = session.Run(options, session.InputNames, [value], session.OutputNames);
            var expected = results[0].GetTensorDataAsSpan<float>().ToArray();
            Assert.Equal(compiled.OutputShape, results[0].GetTensorTypeAndShape().Shape);

            var doubles = Array.ConvertAll(input, v => (double)v);
            var plain = plan.EvaluatePlain(doubles);
            var ciphertext = Ciphertext.Parse(client.EncryptInput(requirements, doubles).ToBytes());
            var decrypted = client.DecryptOutput(requirements, Ciphertext.Parse(evaluator.Evaluate(ciphertext, keys).ToBytes()));

            Assert.Equal(expected.Length, plain.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(plain[i] - expected[i]) <= Float32, $"plain output {i}: {plain[i]} vs ONNX Runtime {expected[i]}");
                Assert.True(Math.Abs(decrypted[i] - expected[i]) <= Stated, $"decrypted output {i}: {decrypted[i]} vs ONNX Runtime {expected[i]}");
            }
        }
    }

    private static TensorData Weights(Random random, params long[] shape)
    {
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var scale = 1 / Math.Sqrt(shape[0]);
        return TensorData.FromFloats([.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale))], shape);
    }
}
