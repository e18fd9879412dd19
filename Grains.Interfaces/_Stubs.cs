// TEMPORARY: replaced by the helpers' real types at merge.
#pragma warning disable
namespace Aitbc.Orleans.Fleet.Profiles
{
    public enum GpuVendor { Nvidia, Amd, Intel, Apple, Cpu, Unknown }
    public enum GpuClass { Desktop, Laptop, Embedded, Integrated, Datacenter, Cpu }
    public enum Precision { Fp32, Fp16, Int8 }
    [GenerateSerializer, Immutable, Alias("aitbc.GpuProfile")]
    public sealed record GpuProfile([property: Id(0)] GpuVendor Vendor, [property: Id(1)] string Name, [property: Id(2)] IReadOnlyList<string> Aliases, [property: Id(3)] string Architecture, [property: Id(4)] GpuClass Class, [property: Id(5)] double VramGb, [property: Id(6)] bool UnifiedMemory, [property: Id(7)] double MemoryBandwidthGBps, [property: Id(8)] double Fp32Tflops, [property: Id(9)] double Fp16Tflops, [property: Id(10)] double Int8Tops, [property: Id(11)] double TdpWatts, [property: Id(12)] int ReleaseYear, [property: Id(13)] string ComputeApi, [property: Id(14)] string ComputeLevel, [property: Id(15)] bool IsKnown);
    public sealed record GpuClassification(GpuProfile Profile, bool IsKnown, string? MatchedAlias, double Confidence);
    public sealed record PrecisionRecommendation(Precision Precision, bool Fits, long RequiredBytes, long AvailableBytes, string Reason);
    public sealed class GpuProfileCatalog { public static GpuProfileCatalog Default { get; } = new(); public IReadOnlyList<GpuProfile> Profiles { get; } = []; }
    public sealed class GpuClassifier
    {
        public GpuClassifier(GpuProfileCatalog c) { }
        public GpuClassification Classify(string reportedName, long? reportedMemoryMb = null, GpuVendor? vendorHint = null) => new(new GpuProfile(vendorHint ?? GpuVendor.Unknown, reportedName, [], "?", GpuClass.Desktop, (reportedMemoryMb ?? 0) / 1024.0, false, 100, 10, 20, 40, 200, 2024, "CUDA", "8.9", false), false, null, 0);
        public double EdgeSuitability(GpuProfile p) => 0.5;
        public PrecisionRecommendation RecommendPrecision(GpuProfile p, long parameterCount, long modelBytes) => new(Precision.Fp32, modelBytes < p.VramGb * 1e9, modelBytes, (long)(p.VramGb * 1e9), "stub");
    }
}
