namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>Test-only grain exercising both named and default ADO.NET storage plus reminders.</summary>
public interface IPgProbeGrain : IGrainWithStringKey
{
    /// <summary>Adds to the total kept in the "aitbc" storage and persists it.</summary>
    Task<ProbeSnapshot> Add(int delta, string note);

    /// <summary>Writes a value kept in the default storage provider.</summary>
    Task SetDefault(string value);

    Task<ProbeSnapshot> Get();

    Task Clear();

    Task RegisterReminder(string name, TimeSpan period);

    Task<bool> HasReminder(string name);

    Task<IReadOnlyList<string>> ReminderNames();

    Task UnregisterReminder(string name);
}
