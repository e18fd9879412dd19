using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>
/// Runs a plan on an encrypted input with the client's public evaluation keys — the miner's engine. It never sees a
/// secret key: its inputs are the plan (plaintext weights), a ciphertext and evaluation keys, and its output is a
/// ciphertext only the client can decrypt. The weight diagonals are encoded once, at construction, at the levels
/// and scales the plan fixes, so one evaluator serves every job for its plan. Thread-safe.
/// </summary>
public sealed class EncryptedPlanEvaluator
{
    private readonly CkksContext _context;
    private readonly IReadOnlyList<EncodedLayer> _layers;

    public EncryptedPlanEvaluator(EncryptedPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Plan = plan;
        _context = CkksContext.For(plan.Parameters);
        _layers = Encode(plan, _context);
    }

    public EncryptedPlan Plan { get; }

    /// <summary>
    /// Evaluates the plan. The input must be encrypted as <see cref="PlanRequirements"/> describes (replicated layout,
    /// default scale, at least the plan's level; a higher level is dropped to it) under the same key set as the keys.
    /// </summary>
    public Ciphertext Evaluate(Ciphertext input, EvaluationKeys keys)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(keys);
        CheckInputs(Plan, input, keys);
        var evaluator = new CkksEvaluator(_context, keys);
        var x = input.Level > Plan.Depth ? evaluator.DropToLevel(input, Plan.Depth) : input;
        foreach (var layer in _layers)
        {
            x = layer switch
            {
                EncodedDense dense => EvaluateDense(evaluator, dense, x),
                _ => evaluator.Rescale(evaluator.Relinearize(evaluator.Square(x))),
            };
        }

        return x;
    }

    /// <summary>
    /// Throws an <see cref="FheException"/> unless the input and keys fit the plan: parameter set, one key set, level,
    /// scale, and every Galois and relinearization key the plan needs. What <see cref="Evaluate"/> checks before any
    /// work; the cluster runs it at submission, so a job that cannot be evaluated is refused before it is accepted.
    /// </summary>
    public static void CheckInputs(EncryptedPlan plan, Ciphertext input, EvaluationKeys keys)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(keys);
        if (input.ParameterSet != plan.Parameters.Id || keys.ParameterSet != plan.Parameters.Id)
        {
            throw new FheKeyException($"the plan is for parameter set {plan.Parameters.Id}; the input is for {input.ParameterSet} and the keys for {keys.ParameterSet}");
        }

        if (input.KeyId != keys.KeyId)
        {
            throw new FheKeyException($"the input is encrypted under key set {input.KeyId} but the evaluation keys belong to {keys.KeyId}");
        }

        if (input.Size != 2)
        {
            throw new FheFormatException("the input ciphertext must have two polynomials");
        }

        if (input.Level < plan.Depth)
        {
            throw new FheBudgetExceededException($"the input is at level {input.Level}, the plan needs {plan.Depth}: encrypt at level {plan.Depth}");
        }

        if (Math.Abs(input.Scale / plan.Parameters.DefaultScale - 1) > CkksEvaluator.ScaleTolerance)
        {
            throw new FheFormatException($"the input must be encrypted at the default scale 2^{Math.Log2(plan.Parameters.DefaultScale):0}, not 2^{Math.Log2(input.Scale):0.###}");
        }

        if (keys.Level < plan.Depth)
        {
            throw new FheKeyException($"the evaluation keys serve level {keys.Level}, the plan needs {plan.Depth}");
        }

        var missing = plan.Requirements.RotationSteps.Where(s => !keys.CanRotate(s)).ToList();
        if (missing.Count > 0)
        {
            throw new FheKeyException($"the evaluation keys lack Galois keys for rotations by {string.Join(", ", missing)}");
        }

        if (plan.Requirements.NeedsRelinearization && !keys.HasRelinearization)
        {
            throw new FheKeyException("the plan squares, but the evaluation keys have no relinearization key");
        }
    }

    private static Ciphertext EvaluateDense(CkksEvaluator evaluator, EncodedDense layer, Ciphertext x)
    {
        var babies = evaluator.RotateMany(x, layer.BabyStepsUsed);
        Ciphertext? total = null;
        foreach (var group in layer.Groups)
        {
            Ciphertext? inner = null;
            foreach (var (baby, plaintext) in group.Terms)
            {
                if (inner is null)
                {
                    inner = evaluator.MultiplyPlain(babies[baby], plaintext);
                }
                else
                {
                    evaluator.MultiplyPlainAccumulate(babies[baby], plaintext, inner);
                }
            }

            var shifted = group.GiantStep == 0 ? inner! : evaluator.Rotate(inner!, group.GiantStep);
            total = total is null ? shifted : evaluator.Add(total, shifted);
        }

        var result = evaluator.Rescale(total!);
        return evaluator.AddPlain(result, layer.BiasAt(result.Scale));
    }

    private static List<EncodedLayer> Encode(EncryptedPlan plan, CkksContext context)
    {
        var encoded = new List<EncodedLayer>();
        var level = plan.Depth;
        var scale = plan.Parameters.DefaultScale;
        var slots = context.SlotCount;
        var d = plan.SlotPeriod;
        var g = plan.BabySteps;
        foreach (var layer in plan.Layers)
        {
            if (layer is DenseLayer dense)
            {
                // Weights at scale q_ℓ: the rescale by q_ℓ then restores the input's scale exactly.
                var weightScale = (double)context.Parameters.CiphertextPrimes[level];
                var groups = DiagonalLayout.NonZeroDiagonals(dense, d)
                    .GroupBy(k => k - k % g)
                    .Select(grp => new DiagonalGroup(grp.Key, [.. grp.Select(k => (k % g,
                        context.Encoder.Encode(DiagonalLayout.RotatedDiagonalSlots(dense, d, k, grp.Key, slots), level, weightScale)))]))
                    .ToList();
                level--;
                var bias = DiagonalLayout.Replicate(dense.Bias, d, slots);
                encoded.Add(new EncodedDense(groups, context.Encoder.Encode(bias, level, scale), bias, level, context));
            }
            else
            {
                scale = scale * scale / context.Parameters.CiphertextPrimes[level];
                level--;
                encoded.Add(new EncodedSquare());
            }
        }

        return encoded;
    }

    private abstract class EncodedLayer;

    private sealed class EncodedSquare : EncodedLayer;

    private sealed record DiagonalGroup(int GiantStep, IReadOnlyList<(int Baby, Plaintext Plaintext)> Terms);

    /// <summary>A dense layer's encoded diagonals, grouped by giant step, and its bias (encoded for the scale the plan predicts).</summary>
    private sealed class EncodedDense(IReadOnlyList<DiagonalGroup> groups, Plaintext bias, double[] biasSlots, int level, CkksContext context) : EncodedLayer
    {
        public IReadOnlyList<DiagonalGroup> Groups { get; } = groups;

        public int[] BabyStepsUsed { get; } = [.. groups.SelectMany(g => g.Terms.Select(t => t.Baby)).Distinct().Order()];

        /// <summary>The bias at exactly the result's scale (re-encoded only if it differs from the predicted one).</summary>
        public Plaintext BiasAt(double scale) =>
            Math.Abs(scale / bias.Scale - 1) <= CkksEvaluator.ScaleTolerance ? bias : context.Encoder.Encode(biasSlots, level, scale);
    }
}
