using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Inference;

public sealed class ExecutionProviderSelectorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cuda_request_runs_on_cuda_or_falls_back_to_cpu_with_one_logged_reason()
    {
        var log = new CapturingLogger<ExecutionProviderSelector>();
        using var engine = EngineFactory.Create(deviceHint: "cuda", selectorLogger: log);

        var result = await engine.RunAsync(
            InferenceModel.FromBytes(DemoModels.Default.ModelBytes),
            new Dictionary<string, TensorData> { ["input"] = TensorData.FromFloats(new float[2 * 16], 2, 16) },
            Ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"CUDA request -> {engine.Selection}");
        Assert.Equal(ExecutionProviderSelector.Cuda, engine.Selection.Requested);
        if (engine.Selection.IsFallback)
        {
            // Machines without the CUDA runtime (like CI): CPU is used and the operator is told why, once.
            Assert.Equal(ExecutionProviderSelector.Cpu, result.Provider);
            Assert.False(string.IsNullOrWhiteSpace(engine.Selection.FallbackReason));
            var warning = Assert.Single(log.Entries, e => e.Level == LogLevel.Warning);
            Assert.Contains("CUDA", warning.Message, StringComparison.Ordinal);
            Assert.Contains(engine.Selection.FallbackReason!, warning.Message, StringComparison.Ordinal);
            Assert.Contains("falling back to CPU", warning.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', warning.Message);
        }
        else
        {
            Assert.Equal(ExecutionProviderSelector.Cuda, result.Provider);
            Assert.DoesNotContain(log.Entries, e => e.Level == LogLevel.Warning);
        }
    }

    [Fact]
    public void Provider_missing_from_this_build_falls_back_to_cpu_and_says_so()
    {
        var log = new CapturingLogger<ExecutionProviderSelector>();
        var selector = new ExecutionProviderSelector(log);

        var selection = selector.Select("DirectML");
        var again = selector.Select("dml");

        Assert.Equal(ExecutionProviderSelector.Cpu, selection.Provider);
        Assert.Equal(ExecutionProviderSelector.DirectMl, selection.Requested);
        Assert.Contains("DmlExecutionProvider", selection.FallbackReason, StringComparison.Ordinal);
        Assert.Equal(selection, again);
        var warning = Assert.Single(log.Entries);
        Assert.Contains("DirectML is unavailable, falling back to CPU", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_hint_falls_back_to_cpu_with_the_known_list()
    {
        var selection = new ExecutionProviderSelector(new CapturingLogger<ExecutionProviderSelector>()).Select("TPU");

        Assert.True(selection.IsCpu);
        Assert.Contains("unknown device hint 'TPU'", selection.FallbackReason, StringComparison.Ordinal);
        Assert.Contains("MIGraphX", selection.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpu_is_selected_without_fallback()
    {
        var log = new CapturingLogger<ExecutionProviderSelector>();
        var selection = new ExecutionProviderSelector(log).Select("cpu");

        Assert.Equal(new ExecutionProviderSelection(ExecutionProviderSelector.Cpu, ExecutionProviderSelector.Cpu, 0, null), selection);
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Theory]
    [InlineData("CUDA", ExecutionProviderSelector.Cuda)]
    [InlineData(" nvidia ", ExecutionProviderSelector.Cuda)]
    [InlineData("rocm", ExecutionProviderSelector.Rocm)]
    [InlineData("MIGraphX", ExecutionProviderSelector.MiGraphX)]
    [InlineData("openvino", ExecutionProviderSelector.OpenVino)]
    [InlineData("CoreML", ExecutionProviderSelector.CoreMl)]
    [InlineData("DML", ExecutionProviderSelector.DirectMl)]
    [InlineData("", ExecutionProviderSelector.Cpu)]
    [InlineData(null, ExecutionProviderSelector.Cpu)]
    [InlineData("abacus", null)]
    public void Hints_normalize_to_canonical_provider_names(string? hint, string? expected) =>
        Assert.Equal(expected, ExecutionProviderSelector.Normalize(hint));
}
