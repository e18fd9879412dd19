using Aitbc.Orleans.Miner.Hosting;
using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Miner.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Aitbc.Orleans.Tests.Miner.Inference;

/// <summary>The daemon's "Engine" settings reach the engines it builds.</summary>
public sealed class EngineConfigurationTests
{
    [Fact]
    public async Task The_engine_section_of_the_miner_configuration_sets_the_caps_of_the_engines()
    {
        using var state = new TestDirectory();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IGrainFactory>(_ => throw new InvalidOperationException("not needed here"));
        services.AddAitbcMiner(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["StateDirectory"] = state.Path,
            ["Engine:MaxOutputBytes"] = "100",
            ["Engine:SessionMemoryBudgetBytes"] = "1000000",
            ["Engine:Cuda:CudaGraphs"] = "true",
        }).Build());
        await using var provider = services.BuildServiceProvider();

        var settings = provider.GetRequiredService<InferenceEngineOptions>();
        var cpu = provider.GetRequiredService<InferenceEngine>();

        Assert.Equal((100L, 1_000_000L, true), (settings.MaxOutputBytes, settings.SessionMemoryBudgetBytes, settings.Cuda.CudaGraphs));
        var inputs = new Dictionary<string, TensorData> { ["input"] = TensorData.FromFloats(new float[8 * 16], 8, 16) };
        var error = await Assert.ThrowsAsync<InferenceOutputException>(
            () => cpu.RunAsync(InferenceModel.FromBytes(DemoModels.Default.ModelBytes), inputs, TestContext.Current.CancellationToken));
        Assert.True(error.TooLarge);
    }
}
