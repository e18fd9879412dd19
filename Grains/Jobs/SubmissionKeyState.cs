namespace Aitbc.Orleans.Jobs;

[GenerateSerializer, Alias("aitbc.SubmissionKeyState")]
public sealed class SubmissionKeyState
{
    [Id(0)] public string? JobId { get; set; }
}
