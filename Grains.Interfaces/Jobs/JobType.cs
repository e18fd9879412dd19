namespace Aitbc.Orleans.Jobs;

[GenerateSerializer, Alias("aitbc.JobType")]
public enum JobType
{
    Inference = 0,
    Training = 1,
}
