using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Models.Variants;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Models;

/// <summary>
/// Variants built in the cluster decide where a model may run: a model too large for a GPU at fp32 runs there as
/// int8 when its int8 variant passed, and is not sent there when it failed. The small GPU is an unknown device with
/// 0.6 GB (room for 85 MiB of weights), so the models are about 92 MB; their variants are measured on 32 inputs.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class VariantRoutingTests(ClusterFixture fixture)
{
    private const int MiB = 1024 * 1024;
    private static readonly GeoPoint Ushuaia = new(-54.8, -68.3);

    /// <summary>x [batch, 1, n] → MatMul with n×n weights uniform in ±<paramref name="scale"/> → y [batch, 1, n].</summary>
    private static byte[] Wide(int n, float scale, int seed) =>
        Square(n, seed).Initializer("w", TensorData.FromFloats(Weights(n, seed, scale), n, n)).MatMul("x", "w", "y").Build();

    /// <summary>
    /// y = x·W + x·W′ with W′ = −W − 10⁻³·R: the output is a thousandth of what each product is, so rounding W and W′
    /// apart (int8: 0.4%, fp16: 0.05% of each weight) leaves an error larger than the output itself.
    /// </summary>
    private static byte[] Cancelling(int n, int seed)
    {
        var w = Weights(n, seed, 1f);
        var r = Weights(n, seed + 1, 1f);
        var negated = new float[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            negated[i] = -w[i] - 1e-3f * r[i];
        }

        return Square(n, seed)
            .Initializer("w", TensorData.FromFloats(w, n, n)).Initializer("v", TensorData.FromFloats(negated, n, n))
            .MatMul("x", "w", "a").MatMul("x", "v", "b").Add("a", "b", "y").Build();
    }

    private static OnnxModelBuilder Square(int n, int seed) =>
        new OnnxModelBuilder($"wide-{seed}") { DocString = Guid.NewGuid().ToString("N") }
            .Input("x", TensorElementType.Float32, "batch", 1, n)
            .Output("y", TensorElementType.Float32, "batch", 1, n);

    private static float[] Weights(int n, int seed, float scale)
    {
        var random = new Random(seed);
        var values = new float[n * n];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((random.NextSingle() * 2) - 1) * scale;
        }

        return values;
    }

    private async Task<(ModelInfo Model, ModelVariantSet Variants)> Register(byte[] bytes, int n)
    {
        var spec = new TensorSpec("x", TensorElementType.Float32, [-1, 1, n]);
        var model = await ModelStore.PutAsync(fixture.Client, "wide", "MIT", "test", bytes, [spec], [spec with { Name = "y" }], DateTimeOffset.UtcNow);
        var variants = fixture.Client.GetGrain<IModelVariantsGrain>(model.ModelId);
        await TestWait.Until(async () => (await variants.Get()).Status == VariantBuildStatus.Built, TimeSpan.FromMinutes(3), "the variants are built");
        return (model, await variants.Get());
    }

    private async Task<JobView> Run(string modelId, int n)
    {
        var tenant = await fixture.Client.FundedTenant(10m);
        var jobId = $"variant-job-{Guid.NewGuid():N}";
        await fixture.Client.GetGrain<IJobGrain>(jobId).Submit(new JobSubmission(
            tenant, modelId, JobType.Inference, new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats(new float[n], 1, 1, n) },
            LatencyClass.Standard, Ushuaia, null, 1m, null));
        return await fixture.Client.WaitForTerminal(jobId, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_model_too_large_at_fp32_runs_as_int8_where_only_int8_fits_and_never_where_its_int8_failed()
    {
        // The small GPU sits where the jobs come from; a 24 GB card 550 km away takes what the small one cannot.
        using var small = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        using var large = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        var smallGpu = small.GpuId("npu");
        var largeGpu = large.GpuId("4090");
        await small.Register(fixture.Client, [TestMiner.Gpu(smallGpu, Ushuaia.Latitude, Ushuaia.Longitude, name: "Aitbc Test NPU", memoryMb: 614)]);
        await large.Register(fixture.Client, [TestMiner.Gpu(largeGpu, Ushuaia.Latitude + 5, Ushuaia.Longitude)]);
        var capacity = ModelFit.CapacityBytes((await fixture.Client.GetGrain<IGpuGrain>(smallGpu).GetSnapshot())!.Profile.VramGb);
        Assert.InRange(capacity, 80 * MiB, 90 * MiB);

        try
        {
            // 4,800² weights mostly beyond fp16's range (±65,504): fp16 fails (saturated), int8 (scaled per channel) passes.
            const int N = 4800;
            var (wide, variants) = await Register(Wide(N, 1e5f, seed: 15), N);
            Assert.True(wide.SizeBytes > capacity, "the model does not fit the small GPU at fp32");
            var int8 = variants.Deployable(Precision.Int8);
            Assert.NotNull(int8);
            Assert.True(int8.Report.SizeBytes <= capacity);
            Assert.Null(variants.Deployable(Precision.Fp16));
            Assert.False(variants.Find(Precision.Fp16)!.Report.Passed);

            var job = await Run(wide.ModelId, N);

            Assert.True(job.Status == JobStatus.Completed, job.Describe());
            Assert.Equal(smallGpu, job.GpuId);
            Assert.Equal(Precision.Int8, job.Precision);
            Assert.Equal(Precision.Int8, Assert.Single(job.Attempts).Precision);
            var sent = Assert.Single(small.Received, a => a.JobId == job.JobId);
            Assert.Equal((Precision.Int8, int8.Report.Sha256, int8.Report.SizeBytes), (sent.Precision, sent.VariantSha256, sent.VariantSizeBytes));
            await fixture.Client.GpuFreeAgain(smallGpu);

            // Two 3,400² products that cancel: int8 and fp16 both miss their tolerance. The int8 variant would fit the
            // small GPU, but it failed: the job goes to the large GPU at fp32.
            const int M = 3400;
            var (cancelling, failed) = await Register(Cancelling(M, seed: 16), M);
            Assert.True(cancelling.SizeBytes > capacity);
            var failedInt8 = failed.Find(Precision.Int8)!.Report;
            Assert.False(failedInt8.Passed, "the int8 variant misses its tolerance");
            Assert.True(failedInt8.SizeBytes <= capacity, "it would have fitted");
            Assert.Contains("relative L2", failedInt8.FailureReason, StringComparison.OrdinalIgnoreCase);
            Assert.Null(failed.Deployable(Precision.Fp16));

            var refused = await Run(cancelling.ModelId, M);

            Assert.True(refused.Status == JobStatus.Completed, refused.Describe());
            Assert.Equal(largeGpu, refused.GpuId);
            Assert.Equal(Precision.Fp32, refused.Precision);
            Assert.DoesNotContain(small.Received, a => a.JobId == refused.JobId);
        }
        finally
        {
            await fixture.Client.GetGrain<IMinerGrain>(small.MinerId).Deregister();
            await fixture.Client.GetGrain<IMinerGrain>(large.MinerId).Deregister();
        }
    }

    [Fact]
    public async Task A_pinned_precision_without_a_deployable_variant_is_refused_with_the_reason()
    {
        var (model, _) = await Register(Cancelling(64, seed: 17), 64);
        var tenant = await fixture.Client.FundedTenant(10m);
        var job = fixture.Client.GetGrain<IJobGrain>($"pinned-{Guid.NewGuid():N}");

        var refused = await Assert.ThrowsAsync<JobRejectedException>(() => job.Submit(new JobSubmission(
            tenant, model.ModelId, JobType.Inference, new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats(new float[64], 1, 1, 64) },
            LatencyClass.Standard, Ushuaia, null, 1m, null, Precision: Precision.Int8)));

        Assert.Equal(JobRejection.PrecisionUnavailable, refused.Kind);
        Assert.Contains("no deployable int8 variant", refused.Message, StringComparison.Ordinal);
        Assert.Equal(10m, (await fixture.Client.GetGrain<Aitbc.Orleans.Ledger.IAccountGrain>(tenant).GetSnapshot()).Balance);
    }
}
