namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>What 1,000 of the same inferences cost on the reference cloud GPU kept busy this share of the time.</summary>
public sealed record CloudCostComparison(double UtilisationPercent, decimal CloudCostPer1kUsd, double? FleetToCloudRatio);
