namespace Aitbc.Orleans.Sdk.Contracts;

public enum JobType
{
    Inference,
    Training,
}
