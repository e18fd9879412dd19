namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>A dated public on-demand price (not live): provider, instance, GPU, region, price per hour, date and source.</summary>
public sealed record CloudPriceResponse(
    string Provider, string InstanceType, string Gpu, string Region, decimal PricePerHourUsd, DateOnly AsOf, string Source);
