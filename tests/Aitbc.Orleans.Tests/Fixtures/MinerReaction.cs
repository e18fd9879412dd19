namespace Aitbc.Orleans.Tests.Fixtures;

public enum MinerReaction
{
    Complete,
    CompleteBadSignature,
    FailElsewhere,
    Silent,
}
