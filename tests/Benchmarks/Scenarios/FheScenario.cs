using System.Diagnostics;
using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Fhe.Arithmetic;
using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Compiler;
using Aitbc.Orleans.Fhe.Inference;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (8) Private inference with CKKS at the secure parameters (N = 8192, log QP = 218): key generation, encryption,
/// encrypted evaluation and decryption of a logistic regression over 16 features and a 16 → 8 → 4 MLP with a square
/// activation — the ONNX demo models private jobs run (PrivateDemoModels), compiled by the cluster's compiler — against
/// plaintext inference of the same ONNX model with ONNX Runtime (CPU provider) in the same run, and against the plan
/// evaluated on plain doubles; ciphertext and key sizes against the plaintext input; the decrypted outputs' error
/// against ONNX Runtime. Also the primitives the evaluation is made of (NTT, rotation,
/// relinearization), against one NTT. Single process, CPU only; limb-parallel on however many cores there are.
/// </summary>
public sealed class FheScenario : IScenario
{
    private const string Scenario = "8 fhe";

    public string Name => "fhe";

    public string Description => "(8) CKKS private inference: keygen/encrypt/evaluate/decrypt and sizes vs plaintext inference";

    public Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runs = context.Sizes.IsFull ? 15 : 2;
        var keyRuns = context.Sizes.IsFull ? 5 : 1;
        var parameters = CkksParameters.Standard128;
        context.Log($"fhe: {parameters.Name}, {runs} runs per operation, {keyRuns} key generations per model");
        MeasurePrimitives(context, parameters, runs);
        MeasureModel(context, "LR16", "logistic regression, 16 features", PrivateDemoModels.LogisticRegression(), parameters, runs, keyRuns);
        MeasureModel(context, "MLP", "MLP 16→8→4, square activation", PrivateDemoModels.SquareMlp(), parameters, runs, keyRuns);
        context.Report.Note("FHE (scenario 8): CPU only, managed C#; polynomial work runs in parallel over RNS limbs (Parallel.For) on all cores of the machine. "
            + "Timings are µs; p50 over the runs with min–max in the metric. Sizes are the serialized blobs (residues packed at their primes' bit widths, key 'a' halves as 32-byte seeds).");
        return Task.CompletedTask;
    }

    private static void MeasurePrimitives(ScenarioContext context, CkksParameters parameters, int runs)
    {
        var ckks = CkksContext.For(parameters);
        var ntt = new NegacyclicNtt(new Modulus(parameters.CiphertextPrimes[1]), parameters.PolyDegree);
        var data = new ulong[parameters.PolyDegree];
        var random = new Random(3);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (ulong)random.NextInt64((long)parameters.CiphertextPrimes[1]);
        }

        var nttSamples = Measure(runs * 20, () => ntt.Forward(data));
        var nttP50 = Percentiles.Of(nttSamples, 50);
        Add(context, $"NTT forward, N = {parameters.PolyDegree}, one 40-bit prime", nttSamples, "µs", null, null);

        using var client = PrivateInferenceClient.Create(parameters);
        var keys = new KeyGenerator(ckks).CreateEvaluationKeys(client.SecretKey, ckks.MaxLevel, relinearization: true, [1]);
        var evaluator = new CkksEvaluator(ckks, keys);
        var encryptor = new Encryptor(ckks, client.PublicKey);
        var x = encryptor.Encrypt(DemoPlans.Uniform(random, ckks.SlotCount));
        Add(context, "rotation by 1 slot at level 3 (one key switch)", Measure(runs, () => evaluator.Rotate(x, 1)), "µs", "one NTT p50", nttP50);
        Add(context, "square + relinearize + rescale at level 3", Measure(runs, () => evaluator.Rescale(evaluator.Relinearize(evaluator.Square(x)))), "µs", "one NTT p50", nttP50);
        var plain = ckks.Encoder.Encode(DemoPlans.Uniform(random, ckks.SlotCount), ckks.MaxLevel, parameters.DefaultScale);
        Add(context, "plaintext × ciphertext at level 3", Measure(runs, () => evaluator.MultiplyPlain(x, plain)), "µs", "one NTT p50", nttP50);
    }

    private static void MeasureModel(ScenarioContext context, string tag, string description, byte[] onnx, CkksParameters parameters, int runs, int keyRuns)
    {
        var plan = OnnxPlanCompiler.Compile(onnx, parameters).Plan;
        var requirements = plan.Requirements;
        var random = new Random(tag.Length);
        var inputs = Enumerable.Range(0, runs).Select(_ => DemoPlans.Uniform(random, plan.InputLength)).ToArray();

        // Plaintext inference of the same ONNX model with ONNX Runtime: the baseline every encrypted figure is set against.
        using var session = new InferenceSession(onnx);
        using var runOptions = new RunOptions();
        float[] RunOnnx(double[] row)
        {
            using var value = OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(row, v => (float)v), [1, row.Length]);
            using var results = session.Run(runOptions, session.InputNames, [value], session.OutputNames);
            return results[0].GetTensorDataAsSpan<float>().ToArray();
        }

        var onnxIterations = context.Sizes.IsFull ? 20_000 : 500;
        for (var i = 0; i < onnxIterations / 4; i++)
        {
            RunOnnx(inputs[i % inputs.Length]);
        }

        var onnxStarted = Stopwatch.GetTimestamp();
        for (var i = 0; i < onnxIterations; i++)
        {
            RunOnnx(inputs[i % inputs.Length]);
        }

        var onnxMicros = Stopwatch.GetElapsedTime(onnxStarted).TotalMicroseconds / onnxIterations;
        context.Report.Add(new ResultRow(Scenario, $"{tag}: plaintext inference with ONNX Runtime ({description}; CPU provider, one row per Run, mean of {onnxIterations:N0})", onnxMicros, "µs"));

        // The compiled plan on plain doubles (no ONNX Runtime call overhead): the arithmetic alone.
        var plainIterations = context.Sizes.IsFull ? 200_000 : 2_000;
        var sink = 0.0;
        for (var i = 0; i < plainIterations / 4; i++)
        {
            sink += plan.EvaluatePlain(inputs[i % inputs.Length])[0]; // warm-up: tiered JIT reaches optimized code
        }

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < plainIterations; i++)
        {
            sink += plan.EvaluatePlain(inputs[i % inputs.Length])[0];
        }

        var plainMicros = Stopwatch.GetElapsedTime(started).TotalMicroseconds / plainIterations;
        context.Report.Add(new ResultRow(Scenario, $"{tag}: the compiled plan on plain doubles (managed, per input, mean of {plainIterations:N0}; checksum {sink:0.0})", plainMicros, "µs", "ONNX Runtime", onnxMicros));
        plainMicros = onnxMicros; // every ratio below is against ONNX Runtime

        PrivateInferenceClient? client = null;
        EvaluationKeys? keys = null;
        var keygen = Measure(keyRuns, () =>
        {
            client?.Dispose();
            client = PrivateInferenceClient.Create(plan.Parameters);
            keys = client.CreateEvaluationKeys(requirements);
        }, warmup: false);
        Add(context, $"{tag}: keygen (secret, public, {(requirements.NeedsRelinearization ? "relinearization and " : "")}{requirements.RotationSteps.Count} Galois keys at level {requirements.Level})", keygen, "µs", "ONNX Runtime inference", plainMicros);

        using var owner = client!;
        var keyBytes = keys!.ToBytes();
        Add(context, $"{tag}: evaluation keys parsed by the evaluator ({keyBytes.Length / 1024.0:N0} KiB)", Measure(keyRuns, () => EvaluationKeys.Parse(keyBytes)), "µs", "ONNX Runtime inference", plainMicros);

        _ = new EncryptedPlanEvaluator(plan); // JIT warm-up of the encoder: the first model measured would pay for it
        var prepare = Stopwatch.GetTimestamp();
        var evaluator = new EncryptedPlanEvaluator(plan);
        var prepareMicros = Stopwatch.GetElapsedTime(prepare).TotalMicroseconds;
        context.Report.Add(new ResultRow(Scenario, $"{tag}: plan preparation (weight diagonals encoded once per model)", prepareMicros, "µs", "ONNX Runtime inference", plainMicros));

        // One unmeasured pass through the whole path, so JIT compilation is not in the first sample.
        var parsedKeys = EvaluationKeys.Parse(keyBytes);
        owner.DecryptOutput(requirements, evaluator.Evaluate(owner.EncryptInput(requirements, inputs[0]), parsedKeys));

        var ciphertexts = new byte[runs][];
        var encrypt = MeasureEach(runs, i => ciphertexts[i] = owner.EncryptInput(requirements, inputs[i]).ToBytes());
        Add(context, $"{tag}: encrypt (encode, encrypt, serialize)", encrypt, "µs", "ONNX Runtime inference", plainMicros);

        var results = new byte[runs][];
        var cpu = new List<double>(runs);
        var evaluate = MeasureEach(runs, i =>
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            results[i] = evaluator.Evaluate(Ciphertext.Parse(ciphertexts[i]), parsedKeys).ToBytes();
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds);
        });
        var levels = plan.Depth == 1 ? "1 level" : $"{plan.Depth} levels";
        Add(context, $"{tag}: evaluate (parse input, {levels}, serialize result), wall", evaluate, "µs", "ONNX Runtime inference", plainMicros);
        Add(context, $"{tag}: evaluate, CPU time of the process (all threads; less sensitive to a busy machine than wall time)", cpu, "µs", "ONNX Runtime inference", plainMicros);

        var outputs = new double[runs][];
        var decrypt = MeasureEach(runs, i => outputs[i] = owner.DecryptOutput(requirements, Ciphertext.Parse(results[i])));
        Add(context, $"{tag}: decrypt (parse, decrypt, decode{(plan.OutputActivation == ClientActivation.Sigmoid ? ", sigmoid" : "")})", decrypt, "µs", "ONNX Runtime inference", plainMicros);

        var error = 0.0;
        for (var i = 0; i < runs; i++)
        {
            var expected = RunOnnx(inputs[i]);
            error = Math.Max(error, expected.Zip(outputs[i], (a, b) => Math.Abs(a - b)).Max());
        }

        // In billionths, so the table's three significant figures show it.
        var stated = 1e-3;
        context.Report.Add(new ResultRow(Scenario, $"{tag}: max |decrypted − ONNX Runtime| over {runs} inputs in [−1, 1]", error * 1e9, "×10⁻⁹", Target: "≤ 1e-3 (stated precision)",
            Status: error <= stated ? TargetStatus.Met : TargetStatus.Missed));
        if (error > stated)
        {
            context.Report.Errors.Add($"fhe: {tag} decrypted outputs are off by {error:E2}, more than the stated {stated:E0}");
        }

        var plainBytes = 4.0 * plan.InputLength; // the float32 input the API carries today
        context.Report.Add(new ResultRow(Scenario, $"{tag}: input ciphertext (level {requirements.Level})", ciphertexts[0].Length, "B", "float32 input", plainBytes));
        context.Report.Add(new ResultRow(Scenario, $"{tag}: output ciphertext (level 0)", results[0].Length, "B", "float32 input", plainBytes));
        context.Report.Add(new ResultRow(Scenario, $"{tag}: evaluation keys", keyBytes.Length, "B", "float32 input", plainBytes));
        context.Report.Add(new ResultRow(Scenario, $"{tag}: public key", owner.PublicKey.ToBytes().Length, "B", "float32 input", plainBytes));
        context.Report.Add(new ResultRow(Scenario, $"{tag}: secret key (stays with the client)", owner.SecretKey.ToBytes().Length, "B", "float32 input", plainBytes));
        context.Log($"fhe: {tag} keygen p50 {Percentiles.Of(keygen, 50) / 1000:0.0} ms, evaluate p50 {Percentiles.Of(evaluate, 50) / 1000:0.0} ms, error {error:E2}");
    }

    private static void Add(ScenarioContext context, string metric, IReadOnlyList<double> samples, string unit, string? baseline, double? baselineValue)
    {
        var p50 = Percentiles.Of(samples, 50);
        var spread = samples.Count > 1 ? $" (p50 of {samples.Count}; min {ReportTable.Number(samples.Min())}, max {ReportTable.Number(samples.Max())})" : " (one run)";
        context.Report.Add(new ResultRow(Scenario, metric + spread, p50, unit, baseline, baselineValue));
    }

    /// <summary>Microseconds per call of <paramref name="action"/>, after one unmeasured warm-up call.</summary>
    private static List<double> Measure(int runs, Action action, bool warmup = true)
    {
        if (warmup)
        {
            action();
        }

        return MeasureEach(runs, _ => action());
    }

    private static List<double> MeasureEach(int runs, Action<int> action)
    {
        var samples = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action(i);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        return samples;
    }
}
