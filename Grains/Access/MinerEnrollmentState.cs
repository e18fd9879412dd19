namespace Aitbc.Orleans.Access;

[GenerateSerializer, Alias("aitbc.MinerEnrollmentState")]
public sealed class MinerEnrollmentState
{
    [Id(0)] public MinerEnrollment? Enrollment { get; set; }
}
