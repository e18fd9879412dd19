namespace Aitbc.Orleans.Hosting;

/// <summary>
/// A grain that failed to persist must not keep answering from memory that storage never accepted: the failed write
/// deactivates the activation, and the next call loads what storage really holds.
/// </summary>
public static class StateWrites
{
    public static async Task WriteOrDeactivate<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(grain);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            grain.DeactivateAfterFailedWrite(ex);
            throw;
        }
    }

    /// <summary>For grains that persist in several steps: memory may be ahead of storage, so reload on the next call.</summary>
    /// <remarks>
    /// The reason carries the failure as text, not as an exception: Orleans rejects the calls queued behind a deactivation
    /// whose reason has an exception, with that exception. A client's retry that arrived while the activation wound down
    /// was refused with the old write's failure; without it, queued calls go to a fresh activation that reads storage.
    /// </remarks>
    public static void DeactivateAfterFailedWrite(this IGrainBase grain, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentNullException.ThrowIfNull(failure);
        grain.GrainContext.Deactivate(new DeactivationReason(
            DeactivationReasonCode.ApplicationError,
            $"a state write failed ({failure.GetType().Name}: {failure.Message}); reload from storage"));
    }
}
