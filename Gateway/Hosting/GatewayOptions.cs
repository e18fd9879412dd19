namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>Limits and switches of the public API, bound from "Aitbc:Gateway". Every limit has a safe default.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Aitbc:Gateway";

    /// <summary>Cap on any request body except model uploads.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Cap on an uploaded model (the upload body).</summary>
    public long MaxModelBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// Cap on a private job's body (POST /v1/private/jobs): the ciphertext and the evaluation keys in base64. At N = 8192
    /// an input ciphertext is at most 348 KB and a plan's keys a few megabytes (6.3 MB for the 16 → 8 → 4 square MLP:
    /// relinearization and six Galois keys at level 3; each key at level 3 is 893 KB), so 64 MiB holds about ten times
    /// the largest demo payload after base64's 4/3. The blobs go to the blob store, not into grain state.
    /// </summary>
    public long MaxPrivateJobBytes { get; set; } = 64L * 1024 * 1024;

    public long MaxTensorElements { get; set; } = 4L * 1024 * 1024;

    public int MaxTensorRank { get; set; } = 8;

    public int MaxInputs { get; set; } = 32;

    /// <summary>Cap on ids, names, keys and other strings.</summary>
    public int MaxStringLength { get; set; } = 128;

    /// <summary>Longest ?wait= a submission may ask for.</summary>
    public int MaxWaitSeconds { get; set; } = 60;

    /// <summary>How long this gateway trusts a cached API key record; a revocation made through another gateway takes effect here within it (0: no cache).</summary>
    public int ApiKeyCacheSeconds { get; set; } = 10;

    public decimal MaxPrice { get; set; } = 1_000_000m;

    public double MaxComplexity { get; set; } = 10_000;

    /// <summary>Largest single operator credit.</summary>
    public decimal MaxCredit { get; set; } = 1_000_000_000m;

    public int MaxPageSize { get; set; } = 200;

    public GatewayRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>
    /// Job submissions this gateway holds at once (a ?wait= submission counts until it answers); beyond it a submission
    /// gets 503 with Retry-After before any grain call. It keeps an overloaded cluster serving at its capacity: without
    /// it the waiting jobs and their requests pile up until the silo spends its time on them (docs/BENCHMARKS.md, session
    /// 14). Each may hold a body of up to <see cref="MaxRequestBodyBytes"/>. It is the most the gateway holds: while its
    /// process falls behind it holds fewer (<see cref="SubmissionLagTargetMs"/>).
    /// </summary>
    public int MaxSubmissionsInFlight { get; set; } = 512;

    /// <summary>
    /// The fewest job submissions the gateway keeps taking while it falls behind: the floor of its adaptive bound.
    /// </summary>
    public int MinSubmissionsInFlight { get; set; } = 16;

    /// <summary>
    /// The scheduling lag (how late the gateway's process runs queued work) that lowers the bound below
    /// <see cref="MaxSubmissionsInFlight"/> when it lasts; 0 keeps the bound fixed. A job makes about twenty grain hops,
    /// each waiting that lag. At 20 ms an overloaded 100k fleet completed the most, but the bound also refused jobs
    /// near capacity, where the fixed bound served them all; 50 ms still kept the large fleet from collapsing and cost
    /// the small one little (docs/BENCHMARKS.md, session 26).
    /// </summary>
    public int SubmissionLagTargetMs { get; set; } = 50;

    /// <summary>
    /// Whether the scheduling lag includes how long the silos take to answer a ping, ten times a second. A gateway in
    /// its own process (Gateway/Program.cs turns this on) does not see the silos' queues in its own; a gateway hosted
    /// in a silo shares that silo's queue and measures it directly.
    /// </summary>
    public bool MeasureSiloLag { get; set; }
}
