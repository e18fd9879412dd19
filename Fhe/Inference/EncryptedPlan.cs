using System.Numerics;
using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>
/// A model CKKS can evaluate on an encrypted input vector: dense layers with plaintext weights (the diagonal method
/// with baby-step/giant-step rotations) and square activations, each costing one level. Built from plain weight
/// matrices and biases and validated against the parameter set's budget when created: a plan deeper than the chain,
/// wider than the slots, or whose values (for inputs within <see cref="InputBound"/>) could outgrow the modulus at
/// some level is refused with the reason.
/// </summary>
public sealed class EncryptedPlan
{
    /// <summary>Bits kept free above a value's bound times its scale: the sign and one bit for noise and rounding.</summary>
    public const int MarginBits = 2;

    /// <summary>Layers a plan may have (also bounds parsing).</summary>
    public const int MaxLayers = 64;

    private EncryptedPlan(CkksParameters parameters, IReadOnlyList<PlanLayer> layers, double inputBound, ClientActivation activation,
        int inputLength, int outputLength, int slotPeriod, int babySteps, IReadOnlyList<int> rotations, double outputBound)
    {
        Parameters = parameters;
        Layers = layers;
        InputBound = inputBound;
        OutputActivation = activation;
        InputLength = inputLength;
        OutputLength = outputLength;
        SlotPeriod = slotPeriod;
        BabySteps = babySteps;
        OutputBound = outputBound;
        Requirements = new PlanRequirements(parameters.Id, inputLength, outputLength, slotPeriod, Depth,
            layers.Any(l => l is SquareActivation), rotations, inputBound, activation);
    }

    public CkksParameters Parameters { get; }

    public IReadOnlyList<PlanLayer> Layers { get; }

    /// <summary>The plan is sized for inputs with |x_i| ≤ this bound.</summary>
    public double InputBound { get; }

    public ClientActivation OutputActivation { get; }

    public int InputLength { get; }

    public int OutputLength { get; }

    /// <summary>d: every layer works on vectors zero-padded to d (a power of two) and repeated across the slots.</summary>
    public int SlotPeriod { get; }

    /// <summary>g: the baby-step count of the baby-step/giant-step matrix product (about √d).</summary>
    public int BabySteps { get; }

    /// <summary>Levels consumed: one per dense layer and one per square.</summary>
    public int Depth => Layers.Count;

    /// <summary>The largest |output| possible for inputs within the bound (interval arithmetic).</summary>
    public double OutputBound { get; }

    public PlanRequirements Requirements { get; }

    /// <summary>Validates the layers against <paramref name="parameters"/> and sizes the plan.</summary>
    public static EncryptedPlan Create(CkksParameters parameters, IReadOnlyList<PlanLayer> layers, double inputBound = 1.0,
        ClientActivation outputActivation = ClientActivation.Identity)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0 || layers[0] is not DenseLayer first)
        {
            throw new PlanNotSupportedException("a plan starts with a dense layer");
        }

        if (layers.Count > MaxLayers)
        {
            throw new PlanNotSupportedException($"a plan has at most {MaxLayers} layers, this one {layers.Count}");
        }

        if (!double.IsFinite(inputBound) || inputBound <= 0)
        {
            throw new PlanNotSupportedException("the input bound must be a positive finite number");
        }

        if (!Enum.IsDefined(outputActivation))
        {
            throw new PlanNotSupportedException($"unknown output activation {outputActivation}");
        }

        if (layers.Count > parameters.MaxLevel)
        {
            var dense = layers.Count(l => l is DenseLayer);
            throw new PlanNotSupportedException(
                $"the model needs {layers.Count} levels ({dense} dense layers and {layers.Count - dense} square activations, one level each), the parameter set {parameters.Name} offers {parameters.MaxLevel}");
        }

        // Shapes, and the widest vector anywhere.
        var width = first.Inputs;
        var widest = width;
        var widestLayer = 0;
        for (var i = 0; i < layers.Count; i++)
        {
            switch (layers[i])
            {
                case DenseLayer dense when dense.Inputs != width:
                    throw new PlanNotSupportedException($"layer {i} takes {dense.Inputs} inputs but the previous layer gives {width}", i);
                case DenseLayer or SquareActivation:
                    width = layers[i].OutputLength(width);
                    if (width > widest)
                    {
                        widest = width;
                        widestLayer = i;
                    }

                    break;
                default:
                    throw new PlanNotSupportedException($"layer {i} is a {layers[i]?.GetType().Name ?? "null"}: only dense layers and square activations are supported", i);
            }
        }

        var period = (int)BitOperations.RoundUpToPowerOf2((uint)widest);
        if (period > parameters.SlotCount)
        {
            throw new PlanNotSupportedException($"a layer of {widest} values does not fit in the {parameters.SlotCount} slots of {parameters.Name}", widestLayer);
        }

        var babySteps = 1 << ((BitOperations.Log2((uint)period) + 1) / 2);
        var outputBound = CheckMagnitudes(parameters, layers, inputBound);
        var rotations = RotationsNeeded(layers, period, babySteps);
        return new EncryptedPlan(parameters, [.. layers], inputBound, outputActivation, first.Inputs, width, period, babySteps, rotations, outputBound);
    }

    /// <summary>The same computation on plain numbers (and the client activation): the reference the encrypted result is checked against.</summary>
    public double[] EvaluatePlain(ReadOnlySpan<double> input)
    {
        if (input.Length != InputLength)
        {
            throw new ArgumentException($"the plan takes {InputLength} inputs, got {input.Length}", nameof(input));
        }

        var x = input.ToArray();
        foreach (var layer in Layers)
        {
            if (layer is DenseLayer dense)
            {
                x = Dense(dense, x);
            }
            else
            {
                for (var i = 0; i < x.Length; i++)
                {
                    x[i] *= x[i];
                }
            }
        }

        return ApplyActivation(OutputActivation, x);
    }

    /// <summary>The client-side activation on decrypted outputs.</summary>
    public static double[] ApplyActivation(ClientActivation activation, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = (double[])values.Clone();
        switch (activation)
        {
            case ClientActivation.Sigmoid:
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = 1 / (1 + Math.Exp(-result[i]));
                }

                break;
            case ClientActivation.Softmax:
                var max = result.Length == 0 ? 0 : result.Max();
                var sum = 0.0;
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = Math.Exp(result[i] - max);
                    sum += result[i];
                }

                for (var i = 0; i < result.Length; i++)
                {
                    result[i] /= sum;
                }

                break;
        }

        return result;
    }

    public byte[] ToBytes() => PlanSerializer.Write(this);

    public static EncryptedPlan Parse(ReadOnlySpan<byte> bytes) => PlanSerializer.Read(bytes);

    private static double[] Dense(DenseLayer layer, double[] x)
    {
        var y = new double[layer.Outputs];
        for (var i = 0; i < layer.Outputs; i++)
        {
            var sum = layer.Bias[i];
            for (var j = 0; j < layer.Inputs; j++)
            {
                sum += layer.Weight(i, j) * x[j];
            }

            y[i] = sum;
        }

        return y;
    }

    /// <summary>
    /// Bounds every intermediate vector element-wise for inputs within the bound and checks that each, times its scale,
    /// fits under the modulus at the level where it lives (the input is encrypted at level = depth; each layer ends one
    /// level lower). The tightest check is the last: the output at level 0, under q_0 alone.
    /// </summary>
    private static double CheckMagnitudes(CkksParameters parameters, IReadOnlyList<PlanLayer> layers, double inputBound)
    {
        var context = CkksContext.For(parameters);
        var bounds = Enumerable.Repeat(inputBound, ((DenseLayer)layers[0]).Inputs).ToArray();
        var level = layers.Count;
        for (var i = 0; i < layers.Count; i++)
        {
            bounds = layers[i] switch
            {
                DenseLayer dense => [.. Enumerable.Range(0, dense.Outputs).Select(r =>
                    Math.Abs(dense.Bias[r]) + Enumerable.Range(0, dense.Inputs).Sum(c => Math.Abs(dense.Weight(r, c)) * bounds[c]))],
                _ => [.. bounds.Select(b => b * b)],
            };
            level--;
            var largest = bounds.Max();
            var room = context.LogModulus(level) - Math.Log2(parameters.DefaultScale) - MarginBits;
            if (!double.IsFinite(largest) || (largest > 0 && Math.Log2(largest) > room))
            {
                throw new PlanNotSupportedException(
                    $"for inputs within ±{inputBound}, layer {i}'s values can reach ±{largest:G4}, but at level {level} the parameters hold values up to ±{Math.Pow(2, room):G4}: scale the weights or inputs down", i);
            }
        }

        return bounds.Max();
    }

    /// <summary>The left rotations the diagonal method uses: baby steps 1 … g−1 and giant steps j·g that touch a non-zero diagonal.</summary>
    private static int[] RotationsNeeded(IReadOnlyList<PlanLayer> layers, int period, int babySteps)
    {
        var steps = new SortedSet<int>();
        foreach (var dense in layers.OfType<DenseLayer>())
        {
            foreach (var k in DiagonalLayout.NonZeroDiagonals(dense, period))
            {
                var baby = k % babySteps;
                var giant = k - baby;
                if (baby != 0)
                {
                    steps.Add(baby);
                }

                if (giant != 0)
                {
                    steps.Add(giant);
                }
            }
        }

        return [.. steps];
    }
}
