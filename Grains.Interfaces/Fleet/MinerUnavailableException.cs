namespace Aitbc.Orleans.Fleet;

/// <summary>The miner has no live connection to push work down.</summary>
[GenerateSerializer, Alias("aitbc.MinerUnavailableException")]
public sealed class MinerUnavailableException : Exception
{
    public MinerUnavailableException()
    {
    }

    public MinerUnavailableException(string message) : base(message)
    {
    }

    public MinerUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
