namespace Aitbc.Orleans.Miner.Inference;

/// <summary>ONNX Runtime could not open the model, or the model uses inputs/outputs the engine cannot carry.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException()
    {
    }

    public ModelLoadException(string message)
        : base(message)
    {
    }

    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
