using Aitbc.Orleans.Onnx.Building;

namespace Aitbc.Orleans.Tests.Miner.Inference;

public sealed class DemoModelFileTests
{
    /// <summary>The README walk-through uploads docs/demo/aitbc-demo-mlp.onnx and uses its id; it must stay the built-in model.</summary>
    [Fact]
    public void The_demo_model_file_in_docs_is_the_built_in_demo_model()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Aitbc.Orleans.sln")))
        {
            dir = dir.Parent;
        }

        var bytes = File.ReadAllBytes(Path.Combine(dir.FullName, "docs", "demo", "aitbc-demo-mlp.onnx"));
        Assert.Equal(DemoModels.Default.ModelBytes, bytes);
        Assert.Equal("m-e6958bc6a0603915", Aitbc.Orleans.Models.ModelStore.ModelIdFor(DemoModels.Default.Sha256));
    }
}
