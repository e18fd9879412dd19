using Aitbc.Orleans.Miner.Identity;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Miner.Models;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Identity;

public sealed class ResultSignerTests
{
    private static Dictionary<string, TensorData> Outputs() => new()
    {
        ["logits"] = TensorData.FromFloats([0.25f, -1.5f, 3f], 1, 3),
        ["class"] = TensorData.FromInt64s([2L], 1),
    };

    [Fact]
    public void Signed_result_verifies_against_the_same_outputs()
    {
        using var dir = new TestDirectory();
        using var identity = MinerIdentity.LoadOrCreate(Path.Combine(dir.Path, "miner.pem"));

        var signature = new ResultSigner(identity).Sign("job-7", Outputs());

        Assert.True(signature.Verify(Outputs()));
        Assert.Equal(identity.PublicKey, signature.PublicKey);
        Assert.Equal(ResultDigest.Compute("job-7", Outputs()), signature.Digest);
    }

    [Fact]
    public void Any_change_to_job_or_outputs_breaks_verification()
    {
        using var dir = new TestDirectory();
        using var identity = MinerIdentity.LoadOrCreate(Path.Combine(dir.Path, "miner.pem"));
        var signature = new ResultSigner(identity).Sign("job-7", Outputs());

        var changedValue = Outputs();
        changedValue["logits"] = TensorData.FromFloats([0.25f, -1.5f, 3.0001f], 1, 3);
        var changedShape = Outputs();
        changedShape["logits"] = TensorData.FromFloats([0.25f, -1.5f, 3f], 3, 1);
        var renamed = Outputs();
        renamed["klass"] = renamed["class"];
        renamed.Remove("class");

        Assert.False(signature.Verify(changedValue));
        Assert.False(signature.Verify(changedShape));
        Assert.False(signature.Verify(renamed));
        Assert.False((signature with { JobId = "job-8" }).Verify(Outputs()));
    }

    [Fact]
    public void Digest_does_not_depend_on_dictionary_order()
    {
        var reversed = Outputs().Reverse().ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal(ResultDigest.Compute("j", Outputs()), ResultDigest.Compute("j", reversed));
        Assert.NotEqual(ResultDigest.Compute("j", Outputs()), ResultDigest.Compute("k", Outputs()));
    }
}
