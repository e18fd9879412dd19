namespace Aitbc.Orleans.Chaos.Load;

/// <summary>
/// One client request as the client saw it: one idempotency key, retried until the gateway named a job for it, and
/// that job followed to its end. Two job ids under one key would be a double submission (and a double charge).
/// </summary>
internal sealed class KeyRecord(string key, DateTimeOffset started)
{
    private readonly object _lock = new();
    private readonly HashSet<string> _jobIds = new(StringComparer.Ordinal);
    private readonly List<int> _statuses = [];

    public string Key { get; } = key;

    public DateTimeOffset Started { get; } = started;

    /// <summary>When the job was seen in a terminal state (null: not yet, or never).</summary>
    public DateTimeOffset? Finished { get; set; }

    /// <summary>The terminal status ("completed", "failed", "cancelled"), or null.</summary>
    public string? Terminal { get; set; }

    public decimal Charged { get; set; }

    /// <summary>The job's attempts' outcomes, as the final read shows them.</summary>
    public IReadOnlyList<string> AttemptOutcomes { get; set; } = [];

    /// <summary>A refusal that is not worth retrying (4xx), with its body.</summary>
    public string? Refused { get; set; }

    /// <summary>The job was accepted and then read back as unknown (404): a success that was not saved.</summary>
    public bool Vanished { get; set; }

    public IReadOnlyCollection<string> JobIds
    {
        get
        {
            lock (_lock)
            {
                return _jobIds.ToArray();
            }
        }
    }

    /// <summary>HTTP statuses of every answer (0: no answer: connection refused or timed out).</summary>
    public IReadOnlyList<int> Statuses
    {
        get
        {
            lock (_lock)
            {
                return _statuses.ToArray();
            }
        }
    }

    public bool Accepted => JobIds.Count > 0;

    /// <summary>503 answers that did not say when to retry (Retry-After).</summary>
    public int UnhintedUnavailable { get; set; }

    public void Answer(int status, string? jobId)
    {
        lock (_lock)
        {
            _statuses.Add(status);
            if (jobId is not null)
            {
                _jobIds.Add(jobId);
            }
        }
    }
}
