namespace Aitbc.Orleans.Tests.Postgres;

public sealed class PgProbeGrain(
    [PersistentState("pgProbe", AitbcConstants.GrainStorage)] IPersistentState<ProbeState> state,
    [PersistentState("pgProbeDefault")] IPersistentState<ProbeDefaultState> defaults)
    : Grain, IPgProbeGrain, IRemindable
{
    public async Task<ProbeSnapshot> Add(int delta, string note)
    {
        state.State.Total += delta;
        state.State.Notes.Add(note);
        await state.WriteStateAsync();
        return Snapshot();
    }

    public async Task SetDefault(string value)
    {
        defaults.State.Value = value;
        await defaults.WriteStateAsync();
    }

    public Task<ProbeSnapshot> Get() => Task.FromResult(Snapshot());

    public Task Clear() => state.ClearStateAsync();

    // Due time equal to the period keeps it from firing during a test; only persistence is under test.
    public Task RegisterReminder(string name, TimeSpan period) => this.RegisterOrUpdateReminder(name, period, period);

    public async Task<bool> HasReminder(string name) => await this.GetReminder(name) is not null;

    public async Task<IReadOnlyList<string>> ReminderNames() =>
        [.. (await this.GetReminders()).Select(r => r.ReminderName).Order(StringComparer.Ordinal)];

    public async Task UnregisterReminder(string name)
    {
        var reminder = await this.GetReminder(name);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private ProbeSnapshot Snapshot() => new(
        state.State.Total,
        [.. state.State.Notes],
        state.Etag,
        state.RecordExists,
        defaults.State.Value,
        defaults.Etag);
}
