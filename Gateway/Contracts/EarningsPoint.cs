namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>Cumulative earnings of an owner's miners at one instant (one point per earnings entry).</summary>
public sealed record EarningsPoint(DateTimeOffset At, decimal Earned);
