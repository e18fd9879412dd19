namespace Aitbc.Orleans.Fleet;

/// <summary>The bounded list of a GPU's recent job endings.</summary>
public static class GpuJobRecords
{
    public const int Kept = 16;

    /// <summary>Appends the record, dropping the oldest beyond <see cref="Kept"/>.</summary>
    public static void Add(Queue<GpuJobRecord> records, GpuJobRecord record)
    {
        ArgumentNullException.ThrowIfNull(records);
        records.Enqueue(record);
        while (records.Count > Kept)
        {
            records.Dequeue();
        }
    }
}
