namespace Aitbc.Orleans.Access;

/// <summary>A miner signed in or registered without an enrolment: enrol it first (POST /v1/miners with the owner's key).</summary>
[GenerateSerializer, Alias("aitbc.MinerNotEnrolledException")]
public sealed class MinerNotEnrolledException : Exception
{
    public MinerNotEnrolledException()
    {
    }

    public MinerNotEnrolledException(string message) : base(message)
    {
    }

    public MinerNotEnrolledException(string message, Exception inner) : base(message, inner)
    {
    }
}
