using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Models.Variants;
using Aitbc.Orleans.Onnx.Graph;
using Aitbc.Orleans.Onnx.Serialization;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>
/// What the cluster calls when a model is uploaded: makes the fp16 and int8 variants of an fp32 model, measures each
/// against the original (<see cref="VariantEvaluator"/>) and judges it against <see cref="QuantizationTolerances"/>.
/// A variant that cannot be made, does not load or misses its tolerance comes back with Passed = false and the
/// reason; it must never be deployed. CPU-bound and synchronous: run it off the request path.
/// </summary>
public static class ModelVariantBuilder
{
    public static readonly Precision[] QuantizedPrecisions = [Precision.Fp16, Precision.Int8];

    /// <summary>The fp16 and int8 variants, in that order.</summary>
    public static IReadOnlyList<ModelVariant> BuildAll(byte[] original, ModelVariantOptions? options = null) =>
        QuantizedPrecisions.Select(p => Build(original, p, options)).ToArray();

    /// <summary>The original itself as the fp32 variant: its size and hash, nothing converted, nothing to measure.</summary>
    public static ModelVariant Original(byte[] original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var weights = WeightBytes(OnnxModelReader.Read(original));
        return new ModelVariant(original, new ModelVariantReport(
            Precision.Fp32, true, null, ContentHash.Sha256Hex(original), original.LongLength, weights, weights, 0, null, [], 0, 0, null,
            "fp32: the uploaded model."));
    }

    public static ModelVariant Build(byte[] original, Precision precision, ModelVariantOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        options ??= new ModelVariantOptions();
        var tolerance = QuantizationTolerances.For(precision);
        var evaluation = options.Evaluation;
        OnnxModel model;
        try
        {
            model = OnnxModelReader.Read(original);
        }
        catch (OnnxFormatException ex)
        {
            return NotMade(precision, tolerance, evaluation, 0, $"The model is not a readable ONNX ModelProto: {ex.Message}");
        }

        var originalWeights = WeightBytes(model);
        QuantizedModel converted;
        try
        {
            converted = precision == Precision.Fp16 ? Fp16Converter.Convert(model) : Int8Quantizer.Quantize(model, options.Int8);
        }
        catch (Exception ex) when (ex is QuantizationNotApplicableException or InvalidDataException or NotSupportedException or OverflowException)
        {
            // Not applicable, or weights this reader cannot take apart (data lengths that do not match, external files).
            return NotMade(precision, tolerance, evaluation, originalWeights, ex.Message);
        }

        var variant = Measure(original, precision, converted, originalWeights, tolerance, evaluation);
        if (!variant.Report.Passed && converted.Int8MatMulMode == Int8MatMulMode.DynamicActivations && options.Int8.FallBackToWeightOnly)
        {
            var weightOnly = Int8Quantizer.Quantize(model, options.Int8 with { MatMulMode = Int8MatMulMode.WeightOnly });
            var fallback = Measure(original, precision, weightOnly, originalWeights, tolerance, evaluation);
            if (fallback.Report.Passed)
            {
                return fallback with
                {
                    Report = fallback.Report with
                    {
                        Method = $"{fallback.Report.Method} (Dynamic int8 activations missed the tolerance: {variant.Report.FailureReason})",
                    },
                };
            }
        }

        return variant;
    }

    private static ModelVariant Measure(
        byte[] original, Precision precision, QuantizedModel converted, long originalWeights, VariantTolerance tolerance, VariantEvaluationOptions evaluation)
    {
        var content = OnnxModelWriter.Write(converted.Model);
        var measurement = VariantEvaluator.Measure(original, content, evaluation);
        var floats = measurement.Outputs.Where(o => o.Kind != VariantOutputKind.Labels).ToArray();
        var classifiers = measurement.Outputs.Where(o => o.Kind == VariantOutputKind.Classifier).ToArray();
        var failure = measurement.Problem ?? QuantizationTolerances.Miss(tolerance, measurement.Outputs);
        var report = new ModelVariantReport(
            precision,
            failure is null,
            failure,
            ContentHash.Sha256Hex(content),
            content.LongLength,
            WeightBytes(converted.Model),
            originalWeights,
            floats.Length > 0 ? floats.Max(o => o.RelativeL2) : null,
            classifiers.Length > 0 ? classifiers.Min(o => o.Agreement) : null,
            measurement.Outputs,
            measurement.Samples,
            evaluation.Seed,
            tolerance,
            converted.Summary);
        return new ModelVariant(content, report);
    }

    /// <summary>Bytes of the main graph's initializers at their element width (what the weights cost in memory).</summary>
    public static long WeightBytes(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Graph?.Initializers.Sum(t => t.ElementBytes ?? t.StringData.Sum(s => (long)s.Length)) ?? 0;
    }

    private static ModelVariant NotMade(Precision precision, VariantTolerance tolerance, VariantEvaluationOptions evaluation, long originalWeights, string reason) =>
        new(null, new ModelVariantReport(
            precision, false, reason, null, 0, 0, originalWeights, null, null, [], 0, evaluation.Seed, tolerance, $"{precision.ToString().ToLowerInvariant()}: not made."));
}
