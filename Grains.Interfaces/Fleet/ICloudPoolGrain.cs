namespace Aitbc.Orleans.Fleet;

/// <summary>
/// The operators' register of cloud GPUs in the fallback pool. One instance, key 0. Routing does not read it (the
/// cloud miners' GPUs carry <see cref="PoolKind.Cloud"/> themselves); the operator view and the metrics do.
/// </summary>
[Alias("aitbc.ICloudPoolGrain")]
public interface ICloudPoolGrain : IGrainWithIntegerKey
{
    public const int MaxOffers = 256;

    /// <summary>Adds or replaces the offer of this miner; false when the register is full and the miner is new.</summary>
    [Alias("Register")]
    Task<bool> Register(CloudOffer offer);

    /// <summary>Operators only: takes this miner's offer out of the register; the removed offer, or null when there was none.</summary>
    [Alias("Remove")]
    Task<CloudOffer?> Remove(string minerId);

    [Alias("List")]
    Task<IReadOnlyList<CloudOffer>> List();
}
