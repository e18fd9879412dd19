namespace Aitbc.Orleans.Dispatch;

[GenerateSerializer, Immutable, Alias("aitbc.JobFailure")]
public sealed record JobFailure(
    [property: Id(0)] string JobId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string GpuId,
    [property: Id(3)] ErrorClass Class,
    [property: Id(4)] string Message);
