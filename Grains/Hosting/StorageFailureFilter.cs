using Aitbc.Orleans.Storage;
using Orleans.Storage;

namespace Aitbc.Orleans.Hosting;

/// <summary>
/// The silo's last line for storage failures that did not come through <see cref="GuardedGrainStorage"/> (the
/// reminder table, a blob store): any call that fails because a store is unavailable answers
/// <see cref="StorageUnavailableException"/>, which every caller can deserialise, instead of the driver's exception.
/// </summary>
public sealed class StorageFailureFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (ex is not StorageUnavailableException and not InconsistentStateException && GuardedGrainStorage.IsStorageFailure(ex))
        {
            throw StorageUnavailableException.From($"{context.InterfaceName}.{context.MethodName}", ex);
        }
    }
}
