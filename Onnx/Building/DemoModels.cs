using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Onnx.Building;

/// <summary>
/// Deterministic demo models for the dev system, self-tests and benchmarks. Weights come from a seeded PRNG and are
/// scaled by 1/sqrt(fan-in) so activations stay O(1) however deep the net.
/// </summary>
public static class DemoModels
{
    public const string DefaultModelName = "aitbc-demo-mlp";
    public const int DefaultSeed = 20_240_917;

    private static readonly Lazy<DemoMlp> DefaultModel =
        new(() => Mlp(layers: 2, width: 32, inputDim: 16, outputDim: 4, seed: DefaultSeed, name: DefaultModelName));

    /// <summary>The built-in model: 16 → 32 (ReLU) → 4, input "input" float32 [batch,16], output "output" float32 [batch,4].</summary>
    public static DemoMlp Default => DefaultModel.Value;

    /// <summary>
    /// An MLP of <paramref name="layers"/> dense layers: inputDim → width → … → width → outputDim, ReLU after every
    /// layer but the last. Input "input" [batch, inputDim], output "output" [batch, outputDim]; batch is dynamic.
    /// With <paramref name="elementType"/> Float16 the graph casts at its edges (weights stay float32), which is how
    /// a half-precision variant of the same model is produced.
    /// </summary>
    public static DemoMlp Mlp(
        int layers,
        int width,
        int inputDim,
        int outputDim,
        int seed,
        string name = "mlp",
        TensorElementType elementType = TensorElementType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputDim, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputDim, 1);
        if (elementType is not (TensorElementType.Float32 or TensorElementType.Float16))
        {
            throw new ArgumentOutOfRangeException(nameof(elementType), elementType, "Only Float32 and Float16 MLPs are generated.");
        }

        var random = new Random(seed);
        var builder = new OnnxModelBuilder(name) { DocString = $"Demo MLP {inputDim}->{width}x{layers - 1}->{outputDim}, seed {seed}" };
        builder.Input("input", elementType, "batch", inputDim).Output("output", elementType, "batch", outputDim);

        var current = "input";
        if (elementType == TensorElementType.Float16)
        {
            builder.Cast(current, "input_f32", TensorElementType.Float32);
            current = "input_f32";
        }

        var denseLayers = new List<DenseLayer>(layers);
        for (var i = 0; i < layers; i++)
        {
            var fanIn = i == 0 ? inputDim : width;
            var fanOut = i == layers - 1 ? outputDim : width;
            var relu = i < layers - 1;
            var layer = new DenseLayer(fanIn, fanOut, RandomWeights(random, fanIn * fanOut, fanIn), RandomWeights(random, fanOut, fanIn), relu);
            denseLayers.Add(layer);

            var isLast = i == layers - 1;
            var linearOut = isLast && !relu && elementType == TensorElementType.Float32 ? "output" : $"l{i}_linear";
            builder.Initializer($"l{i}_w", TensorData.FromFloats(layer.Weights, fanIn, fanOut))
                .Initializer($"l{i}_b", TensorData.FromFloats(layer.Bias, fanOut))
                .MatMul(current, $"l{i}_w", $"l{i}_matmul")
                .Add($"l{i}_matmul", $"l{i}_b", linearOut);
            current = linearOut;
            if (relu)
            {
                builder.Relu(current, $"l{i}_relu");
                current = $"l{i}_relu";
            }
        }

        if (elementType == TensorElementType.Float16)
        {
            builder.Cast(current, "output", TensorElementType.Float16);
        }

        var bytes = builder.Build();
        return new DemoMlp(name, bytes, ContentHash.Sha256Hex(bytes), "input", "output", inputDim, outputDim, elementType, denseLayers);
    }

    /// <summary>
    /// A small CNN: for each entry of <paramref name="channels"/> a 3×3 Conv (padding 1; stride 2 from the second
    /// block on) + ReLU, then GlobalAveragePool, Flatten and a Gemm classifier. Input "image" float32
    /// [batch, inChannels, height, width] (batch dynamic), output "logits" float32 [batch, classes].
    /// </summary>
    public static DemoConvNet ConvNet(
        int seed,
        int inChannels = 3,
        int height = 16,
        int width = 16,
        int[]? channels = null,
        int classes = 10,
        string name = "convnet")
    {
        channels ??= [8, 16];
        var random = new Random(seed);
        var builder = new OnnxModelBuilder(name) { DocString = $"Demo ConvNet, seed {seed}" };
        builder.Input("image", TensorElementType.Float32, "batch", inChannels, height, width)
            .Output("logits", TensorElementType.Float32, "batch", classes);

        var convLayers = new List<ConvLayer>(channels.Length);
        var current = "image";
        var previousChannels = inChannels;
        for (var i = 0; i < channels.Length; i++)
        {
            const int kernel = 3;
            const int padding = 1;
            var stride = i == 0 ? 1 : 2;
            var fanIn = previousChannels * kernel * kernel;
            var layer = new ConvLayer(
                previousChannels,
                channels[i],
                kernel,
                stride,
                padding,
                RandomWeights(random, channels[i] * fanIn, fanIn),
                RandomWeights(random, channels[i], fanIn));
            convLayers.Add(layer);

            builder.Initializer($"c{i}_w", TensorData.FromFloats(layer.Weights, channels[i], previousChannels, kernel, kernel))
                .Initializer($"c{i}_b", TensorData.FromFloats(layer.Bias, channels[i]))
                .Conv(current, $"c{i}_w", $"c{i}_b", $"c{i}_conv", [kernel, kernel], [padding, padding, padding, padding], [stride, stride])
                .Relu($"c{i}_conv", $"c{i}_relu");
            current = $"c{i}_relu";
            previousChannels = channels[i];
        }

        var fcWeights = RandomWeights(random, classes * previousChannels, previousChannels);
        var fcBias = RandomWeights(random, classes, previousChannels);
        builder.GlobalAveragePool(current, "pooled")
            .Flatten("pooled", "flat")
            .Initializer("fc_w", TensorData.FromFloats(fcWeights, classes, previousChannels))
            .Initializer("fc_b", TensorData.FromFloats(fcBias, classes))
            .Gemm("flat", "fc_w", "fc_b", "logits", transB: true);

        var bytes = builder.Build();
        return new DemoConvNet(
            name, bytes, ContentHash.Sha256Hex(bytes), "image", "logits", inChannels, height, width, classes, convLayers, fcWeights, fcBias);
    }

    private static float[] RandomWeights(Random random, int count, int fanIn)
    {
        var scale = 1f / MathF.Sqrt(fanIn);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = ((random.NextSingle() * 2f) - 1f) * scale;
        }

        return values;
    }
}
