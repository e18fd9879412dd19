namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// A run's outputs cannot be returned: together they exceed the engine's byte cap, or they do not match the model's
/// signature (name, element type, rank or a fixed dimension). Nothing of them leaves the miner.
/// </summary>
public sealed class InferenceOutputException : Exception
{
    public InferenceOutputException(string message, bool tooLarge)
        : base(message)
    {
        TooLarge = tooLarge;
    }

    public InferenceOutputException()
    {
    }

    public InferenceOutputException(string message)
        : base(message)
    {
    }

    public InferenceOutputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the cap was the reason: another miner with a larger cap may still run the job.</summary>
    public bool TooLarge { get; }
}
