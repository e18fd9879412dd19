namespace Aitbc.Orleans.Dispatch;

/// <summary>How a failed attempt is handled: retry on the same GPU, retry elsewhere, or give up.</summary>
[GenerateSerializer, Alias("aitbc.ErrorClass")]
public enum ErrorClass
{
    RetrySame = 0,
    RetryElsewhere = 1,
    Fatal = 2,
}
