namespace Aitbc.Orleans.Access;

/// <summary>Bounds of an owner's miner list.</summary>
public static class OwnerMiners
{
    /// <summary>The most miners one account's dashboard lists: far above a home fleet, small enough to read in one page.</summary>
    public const int MaxMiners = 256;
}
