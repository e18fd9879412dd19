using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Fleet;

/// <summary>The operators' register of cloud GPUs: one offer per cloud miner, bounded by <see cref="ICloudPoolGrain.MaxOffers"/>.</summary>
public sealed class CloudPoolGrain(
    [PersistentState("cloud-pool", AitbcConstants.GrainStorage)] IPersistentState<CloudPoolState> state) : Grain, ICloudPoolGrain
{
    public async Task<bool> Register(CloudOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var offers = state.State.Offers;
        var index = offers.FindIndex(o => o.MinerId == offer.MinerId);
        if (index >= 0)
        {
            offers[index] = offer;
        }
        else if (offers.Count >= ICloudPoolGrain.MaxOffers)
        {
            return false;
        }
        else
        {
            offers.Add(offer);
        }

        await state.WriteOrDeactivate(this);
        return true;
    }

    public async Task<CloudOffer?> Remove(string minerId)
    {
        var offers = state.State.Offers;
        var index = offers.FindIndex(o => o.MinerId == minerId);
        if (index < 0)
        {
            return null;
        }

        var removed = offers[index];
        offers.RemoveAt(index);
        await state.WriteOrDeactivate(this);
        return removed;
    }

    public Task<IReadOnlyList<CloudOffer>> List() => Task.FromResult<IReadOnlyList<CloudOffer>>(state.State.Offers.ToArray());
}
