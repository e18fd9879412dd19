namespace Aitbc.Orleans.Miner.Inference;

/// <summary>The job's inputs do not match the model's signature; <see cref="Errors"/> lists every problem found.</summary>
public sealed class InferenceInputException : Exception
{
    public InferenceInputException(string model, IReadOnlyList<string> errors)
        : base($"Invalid inputs for model {model}: {string.Join(" ", errors)}")
    {
        Errors = errors;
    }

    public InferenceInputException()
        : this("?", [])
    {
    }

    public InferenceInputException(string message)
        : base(message)
    {
        Errors = [message];
    }

    public InferenceInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; }
}
