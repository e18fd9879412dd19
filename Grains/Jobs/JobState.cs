using Aitbc.Orleans.Blobs;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// A job as stored. Tensors are not here: inputs and outputs live in the blob store and the state keeps their digests
/// (tiny ones inline). Per-attempt facts live in <see cref="Current"/>. Everything is bounded: attempts and excluded GPUs
/// by JobOptions.MaxAttempts. Field ids of the first layout are kept for the fields that mean the same.
/// </summary>
[GenerateSerializer, Alias("aitbc.JobState")]
public sealed class JobState
{
    /// <summary>The submission without its inputs (those are in <see cref="Inputs"/>).</summary>
    [Id(0)] public JobSubmission? Submission { get; set; }
    [Id(1)] public JobStatus Status { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(4)] public decimal Held { get; set; }
    [Id(5)] public decimal? Charged { get; set; }
    [Id(6)] public Quote? Quote { get; set; }

    /// <summary>Every routed attempt and how it ended (the last one may still be running).</summary>
    [Id(7)] public List<JobAttemptRecord> Attempts { get; set; } = [];

    /// <summary>Outputs of jobs stored by the first layout, kept inline; read only.</summary>
    [Id(13)] public Dictionary<string, TensorData>? LegacyOutputs { get; set; }
    [Id(14)] public string? Error { get; set; }
    [Id(15)] public JobTimings Timings { get; set; } = JobTimings.Empty;
    [Id(16)] public int Version { get; set; }
    [Id(17)] public string? ExecutionProvider { get; set; }
    [Id(18)] public string? Signature { get; set; }
    [Id(19)] public bool FellBackToCloud { get; set; }
    [Id(20)] public string ModelSha256 { get; set; } = "";
    [Id(21)] public long ModelBytes { get; set; }
    [Id(22)] public List<string> ExcludedGpus { get; set; } = [];
    [Id(24)] public DateTimeOffset? QueuedSince { get; set; }
    [Id(25)] public bool Settled { get; set; }

    [Id(30)] public JobAttempt? Current { get; set; }
    [Id(31)] public List<StoredTensor> Inputs { get; set; } = [];
    [Id(32)] public List<StoredTensor>? Outputs { get; set; }

    /// <summary>The platform's share of the charge and the account paid the rest (decided with the terminal state).</summary>
    [Id(33)] public decimal Fee { get; set; }
    [Id(34)] public string? Payee { get; set; }
    [Id(35)] public PendingSlash? PendingSlash { get; set; }

    /// <summary>Set when the result was drawn for re-execution; kept after the verdict as the record of the check.</summary>
    [Id(36)] public PendingVerification? Verifying { get; set; }
    [Id(37)] public Verification.VerificationOutcome? VerificationOutcome { get; set; }
    /// <summary>A private job's key set id (a public label): the result ciphertext must be under the same key set.</summary>
    [Id(38)] public string? PrivateKeyId { get; set; }

    /// <summary>The sizes of the model's deployable variants when the job was accepted (routing fits against them).</summary>
    [Id(39)] public Routing.ModelSizes? Sizes { get; set; }

    /// <summary>The model's royalty per inference, owed to <see cref="RoyaltyPayee"/> out of the charge (0: none).</summary>
    [Id(40)] public decimal Royalty { get; set; }
    [Id(41)] public string? RoyaltyPayee { get; set; }

    /// <summary>The GPU and region of the last attempt, for the view once the attempt is over.</summary>
    public JobAttemptRecord? LastAttempt => Attempts.Count == 0 ? null : Attempts[^1];
}
