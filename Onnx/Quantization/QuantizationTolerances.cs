using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Models.Variants;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>
/// What each precision must meet against float32 to be deployed.
/// fp16: relative L2 ≤ 1e-2 on every output (float16 keeps 11 significant bits, about 5e-4 per rounding; 1e-2 leaves
/// room for a few dozen layers and catches overflow or a broken conversion, which land far above it).
/// int8: top-1 agreement ≥ 98% on classifier heads; relative L2 ≤ 5e-2 on other outputs. Symmetric int8 rounds a
/// weight by up to 1/254 of its channel's largest magnitude, about 0.4% rms of the weights per layer, and the per-row
/// dynamic activations add about as much again; a handful of layers lands at 1–3% (docs/BENCHMARKS.md has the measured
/// figures), while a wrong scale or a transposed weight gives errors of order 1 — 5e-2 separates the two.
/// </summary>
public static class QuantizationTolerances
{
    public static VariantTolerance Fp16 { get; } = new(MaxRelativeL2: 1e-2, MinTop1Agreement: null);

    public static VariantTolerance Int8 { get; } = new(MaxRelativeL2: 5e-2, MinTop1Agreement: 0.98);

    public static VariantTolerance For(Precision precision) => precision switch
    {
        Precision.Fp16 => Fp16,
        Precision.Int8 => Int8,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Only fp16 and int8 variants are measured."),
    };

    /// <summary>Why the measured errors miss the tolerance, or null when every output meets it.</summary>
    public static string? Miss(VariantTolerance tolerance, IReadOnlyList<VariantOutputError> outputs)
    {
        ArgumentNullException.ThrowIfNull(tolerance);
        ArgumentNullException.ThrowIfNull(outputs);
        foreach (var output in outputs)
        {
            var miss = output.Kind switch
            {
                VariantOutputKind.Classifier when tolerance.MinTop1Agreement is { } min =>
                    output.Agreement >= min ? null : $"top-1 agreement {output.Agreement:P2} < {min:P0}",
                VariantOutputKind.Labels =>
                    output.Agreement >= (tolerance.MinTop1Agreement ?? 1.0) ? null : $"agreement {output.Agreement:P2} < {tolerance.MinTop1Agreement ?? 1.0:P0}",
                _ => output.RelativeL2 <= tolerance.MaxRelativeL2 ? null : $"relative L2 {output.RelativeL2:G3} > {tolerance.MaxRelativeL2:G3}",
            };
            if (miss is not null)
            {
                return $"Output '{output.Name}': {miss}.";
            }
        }

        return null;
    }
}
