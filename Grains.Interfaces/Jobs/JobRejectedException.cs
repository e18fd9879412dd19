namespace Aitbc.Orleans.Jobs;

/// <summary>A submission the cluster refuses before accepting it; nothing was stored or charged.</summary>
[GenerateSerializer, Alias("aitbc.JobRejectedException")]
public sealed class JobRejectedException : Exception
{
    public JobRejectedException()
    {
    }

    public JobRejectedException(string message) : base(message)
    {
    }

    public JobRejectedException(string message, Exception inner) : base(message, inner)
    {
    }

    public JobRejectedException(JobRejection kind, string message) : base(message)
    {
        Kind = kind;
    }

    [Id(0)] public JobRejection Kind { get; init; }
}
