using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Access;

/// <summary>Holds one key's record. Created once; a revoked key stays revoked.</summary>
public sealed class ApiKeyGrain(
    [PersistentState("apikey", AitbcConstants.GrainStorage)] IPersistentState<ApiKeyState> state) : Grain, IApiKeyGrain
{
    public async Task<bool> Create(ApiKeyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (state.State.Record is not null)
        {
            return false;
        }

        state.State.Record = record with { KeyId = this.GetPrimaryKeyString() };
        await state.WriteOrDeactivate(this);
        return true;
    }

    public Task<ApiKeyRecord?> Get() => Task.FromResult(state.State.Record);

    public async Task<ApiKeyRecord?> Revoke(DateTimeOffset at)
    {
        if (state.State.Record is { IsRevoked: false } record)
        {
            state.State.Record = record with { RevokedAt = at };
            await state.WriteOrDeactivate(this);
        }

        return state.State.Record;
    }
}
