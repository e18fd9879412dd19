using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Onnx.Building;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Inference;

public sealed class PlacementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Typical shape: the GPU's fixed launch/transfer cost loses at small batches and wins at large ones.
    private static readonly PlacementTable Synthetic = new(
        ExecutionProviderSelector.Cuda,
        null,
        [
            new PlacementMeasurement(1, Ms(0.05), Ms(0.30)),
            new PlacementMeasurement(8, Ms(0.20), Ms(0.31)),
            new PlacementMeasurement(64, Ms(1.50), Ms(0.40)),
            new PlacementMeasurement(512, Ms(12.0), Ms(1.00)),
        ]);

    [Theory]
    [InlineData(1, 1, "CPU")]
    [InlineData(8, 8, "CPU")]
    [InlineData(64, 64, "CUDA")]
    [InlineData(512, 512, "CUDA")]
    [InlineData(3, 8, "CPU")] // ln 3 is nearer ln 8 than ln 1
    [InlineData(20, 8, "CPU")]
    [InlineData(30, 64, "CUDA")]
    [InlineData(100, 64, "CUDA")]
    [InlineData(100_000, 512, "CUDA")]
    public void Choose_uses_the_nearest_measured_batch_on_a_log_scale(int batch, int measured, string device)
    {
        var decision = Synthetic.Choose(batch);

        Assert.Equal(measured, decision.MeasuredBatchSize);
        Assert.Equal(device, decision.Device);
        Assert.Equal(device == "CUDA", decision.UseGpu);
    }

    [Fact]
    public void Decision_explains_itself()
    {
        Assert.Equal(
            "batch 100 (nearest measured: 64): CUDA, CUDA 0.400 ms vs CPU 1.500 ms median, CUDA 3.8x faster.",
            Synthetic.Choose(100).Reason);
        Assert.Equal(
            "batch 1: CPU, CUDA 0.300 ms vs CPU 0.050 ms median, CPU 6.0x faster " +
            "(at this size launch and transfer overhead outweigh the GPU's throughput).",
            Synthetic.Choose(1).Reason);
    }

    [Fact]
    public void Ties_between_two_measured_batches_go_to_the_larger()
    {
        var table = new PlacementTable("CUDA", null, [new PlacementMeasurement(2, Ms(1), Ms(2)), new PlacementMeasurement(8, Ms(4), Ms(2))]);

        Assert.Equal(8, table.Choose(4).MeasuredBatchSize);
    }

    [Fact]
    public void Without_a_gpu_everything_goes_to_cpu_with_the_reason()
    {
        var table = new PlacementTable("CUDA", "libcublasLt.so.13: cannot open shared object file", [new PlacementMeasurement(64, Ms(2), null)]);

        var decision = table.Choose(64);

        Assert.False(decision.UseGpu);
        Assert.Equal("batch 64: CPU, because CUDA unavailable: libcublasLt.so.13: cannot open shared object file.", decision.Reason);
        Assert.Contains("n/a", table.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_prints_one_row_per_batch_and_the_reasons()
    {
        var lines = Synthetic.Format().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal("batch | CPU | CUDA (GPU) | choice", string.Join(' ', lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("64 | 1.500 ms | 0.400 ms | CUDA", string.Join(' ', lines[5].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(3 + 4 + 4, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("batch 512: CUDA", StringComparison.Ordinal));
    }

    [Fact]
    public void With_several_variants_each_device_runs_its_fastest_and_the_faster_device_wins()
    {
        // fp16 is fast on the GPU and slow on the CPU (no fast half-precision kernels there): measured, not assumed.
        var table = new PlacementTable(ExecutionProviderSelector.Cuda, null,
        [
            new PlacementMeasurement(1, Ms(0.05), Ms(0.30), "fp32"),
            new PlacementMeasurement(1, Ms(0.40), Ms(0.29), "fp16"),
            new PlacementMeasurement(512, Ms(12.0), Ms(1.00), "fp32"),
            new PlacementMeasurement(512, Ms(60.0), Ms(0.45), "fp16"),
        ]);

        var small = table.Choose(1);
        var large = table.Choose(400);

        Assert.Equal(("CPU", "fp32"), (small.Device, small.Variant));
        Assert.Equal(("CUDA", "fp16"), (large.Device, large.Variant));
        Assert.Equal(
            "batch 400 (nearest measured: 512): CUDA fp16, CUDA fp16 0.450 ms vs CPU fp32 12.000 ms median, CUDA fp16 26.7x faster.",
            large.Reason);
        Assert.Equal(["fp32", "fp16"], table.Variants);
        Assert.Contains(table.Format().Split('\n'), l => l.Replace(" ", "", StringComparison.Ordinal) == "512|fp16|60.000ms|0.450ms|CUDAfp16");
    }

    [Fact]
    public async Task Benchmark_measures_every_variant_on_the_cpu()
    {
        using var cpu = EngineFactory.Create();
        var mlp = DemoModels.Mlp(2, 32, 16, 4, seed: 3);
        var benchmark = new PlacementBenchmark(new CapturingLogger<PlacementBenchmark>());

        var table = await benchmark.RunAsync(
            [InferenceModel.FromBytes(mlp.ModelBytes, "fp32"), InferenceModel.FromBytes(DemoModels.Mlp(2, 32, 16, 4, seed: 3, elementType: Aitbc.Orleans.Tensors.TensorElementType.Float16).ModelBytes, "fp16")],
            cpu, null, new PlacementBenchmarkOptions { BatchSizes = [4], WarmupIterations = 1, Iterations = 3 }, Ct);

        Assert.Equal(["fp32", "fp16"], table.Variants);
        Assert.All(table.Measurements, m => Assert.True(m.CpuMedian > TimeSpan.Zero));
        Assert.Contains(table.Choose(4).Variant, table.Variants);
    }

    [Fact]
    public async Task Benchmark_measures_cpu_and_reports_why_the_gpu_was_not_measured()
    {
        using var cpu = EngineFactory.Create();
        using var gpu = EngineFactory.Create(deviceHint: "DirectML"); // never present on Linux/macOS builds: always a fallback
        var benchmark = new PlacementBenchmark(new CapturingLogger<PlacementBenchmark>());

        var table = await benchmark.RunAsync(
            InferenceModel.FromBytes(DemoModels.Default.ModelBytes),
            cpu,
            gpu,
            new PlacementBenchmarkOptions { BatchSizes = [8, 1], WarmupIterations = 1, Iterations = 3 },
            Ct);

        TestContext.Current.TestOutputHelper?.WriteLine(table.Format());
        Assert.Equal([1, 8], table.Measurements.Select(m => m.BatchSize));
        Assert.All(table.Measurements, m => Assert.True(m.CpuMedian > TimeSpan.Zero));
        Assert.All(table.Measurements, m => Assert.Null(m.GpuMedian));
        Assert.Equal(ExecutionProviderSelector.DirectMl, table.GpuProvider);
        Assert.Contains("DmlExecutionProvider", table.GpuUnavailableReason, StringComparison.Ordinal);
        Assert.Equal("CPU", table.Choose(8).Device);
    }

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}
