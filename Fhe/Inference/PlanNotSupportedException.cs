namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>A model that cannot become an encrypted-evaluation plan, with the reason (too deep, too wide, values too large, unsupported layer).</summary>
public sealed class PlanNotSupportedException : FheException
{
    public PlanNotSupportedException()
    {
    }

    public PlanNotSupportedException(string message)
        : base(message)
    {
    }

    public PlanNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
