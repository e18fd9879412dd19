namespace Aitbc.Orleans.Blobs;

/// <summary>Where tensors are kept and for how long. Bound from "Aitbc:Blobs".</summary>
public sealed class BlobStoreOptions
{
    /// <summary>Development: the directory of the blob store (default: aitbc-blobs under the temp directory).</summary>
    public string? Directory { get; set; }

    /// <summary>How long a job's inputs and outputs are kept after they were last stored; GET on an older job shows no outputs.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each silo deletes blobs past retention.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Tensors of at most this many bytes stay in the job's state: a 64-character digest would take as much room as
    /// their data, and storing them apart would only add a round trip.
    /// </summary>
    public int InlineBytes { get; set; } = 64;
}
