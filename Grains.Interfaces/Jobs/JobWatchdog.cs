namespace Aitbc.Orleans.Jobs;

/// <summary>Which watchdog shard a job belongs to: a stable hash of the job id (FNV-1a), so every silo agrees.</summary>
public static class JobWatchdog
{
    public static int ShardOf(string jobId, int shards)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        var hash = 2166136261u;
        foreach (var c in jobId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)shards);
    }
}
