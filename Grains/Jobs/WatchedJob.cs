namespace Aitbc.Orleans.Jobs;

/// <summary>An unfinished job in a watchdog shard: who pays for it and how much its hold is.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.WatchedJob")]
public sealed record WatchedJob(
    [property: Id(0)] string PayerAccountId,
    [property: Id(1)] decimal Hold);
