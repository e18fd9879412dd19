using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Ledger;

/// <summary>The fleet's newest slashes (each miner's own are in its account); one write per new incident.</summary>
public sealed class SlashLogGrain(
    [PersistentState("slash-log", AitbcConstants.GrainStorage)] IPersistentState<SlashLogState> state) : Grain, ISlashLogGrain
{
    public async Task Record(SlashRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var records = state.State.Records;
        if (records.Any(r => r.IncidentId == record.IncidentId && r.Reason == record.Reason && r.MinerId == record.MinerId))
        {
            return;
        }

        records.Add(record);
        if (records.Count > ISlashLogGrain.MaxRecords)
        {
            records.RemoveRange(0, records.Count - ISlashLogGrain.MaxRecords);
        }

        await state.WriteOrDeactivate(this);
    }

    public Task<IReadOnlyList<SlashRecord>> List() =>
        Task.FromResult<IReadOnlyList<SlashRecord>>(state.State.Records.AsEnumerable().Reverse().ToArray());
}
