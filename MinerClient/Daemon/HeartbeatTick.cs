namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>One wait of a heartbeat round: at <paramref name="Due"/> from the round's start, rigs <paramref name="First"/> on, <paramref name="Count"/> of them.</summary>
public readonly record struct HeartbeatTick(TimeSpan Due, int First, int Count);
