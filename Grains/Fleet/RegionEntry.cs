namespace Aitbc.Orleans.Fleet;

/// <summary>
/// One GPU in a region's index: its latest routing summary and when it was last sent (domain time, UTC ticks), in one
/// dictionary entry rather than an entry in each of two dictionaries.
/// </summary>
internal record struct RegionEntry(GpuRoutingSummary Summary, long RenewedTicks);
