namespace Aitbc.Orleans.Tests.Fixtures;

public enum MinerReaction
{
    Complete,
    CompleteBadSignature,
    FailElsewhere,
    Silent,

    /// <summary>Fails with ErrorClass.RetrySame (the same GPU may try again).</summary>
    FailSame,

    /// <summary>Fails with ErrorClass.Fatal (the job cannot succeed anywhere).</summary>
    FailFatal,

    /// <summary>Says Started, then never answers: a miner that dies mid-run.</summary>
    StartThenSilent,

    /// <summary>Does not return from Execute until the test calls <see cref="TestMiner.Unhang"/>: a miner that never acknowledges.</summary>
    Hang,
}
