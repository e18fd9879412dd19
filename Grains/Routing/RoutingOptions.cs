namespace Aitbc.Orleans.Routing;

/// <summary>Bound from "Aitbc:Routing".</summary>
public sealed class RoutingOptions
{
    /// <summary>How many of the nearest GPUs that pass the hard filters one decision scores.</summary>
    public int Candidates { get; set; } = 16;

    /// <summary>
    /// Rounds of search and reservation per pool when every candidate's reservation is refused (the snapshot was stale
    /// for all of them; each refusal corrects it), before the decision refreshes the snapshot or gives up.
    /// </summary>
    public int ReservationRounds { get; set; } = 3;

    /// <summary>
    /// Refused reservations one decision accepts in each pool before it gives up on that pool: under overload every candidate the
    /// snapshot offers may be full, and trying them all (every round, both pools, again after a refresh) cost 24–45
    /// reservation calls per job. The job backs off and retries with its own delay instead.
    /// </summary>
    public int MaxRefusedReservations { get; set; } = 8;

    /// <summary>Scores within this distance of the best are a tie, broken at random so one hot GPU is not always picked.</summary>
    public double TieBand { get; set; } = 0.02;

    /// <summary>Scoring weights: latency relative to the nearest candidate, price, QoS, thermal headroom.</summary>
    public double WeightLatency { get; set; } = 0.5;
    public double WeightPrice { get; set; } = 0.15;
    public double WeightQos { get; set; } = 0.25;
    public double WeightThermal { get; set; } = 0.1;

    /// <summary>
    /// What a cold start costs (download and load) when the scorer compares a GPU that holds the model warm with ones
    /// that do not: this much plus the model's bytes at <see cref="ColdStartMBps"/>, added to the cold GPUs' RTT.
    /// </summary>
    public double ColdStartBaseMs { get; set; } = 500;

    public double ColdStartMBps { get; set; } = 50;

    /// <summary>The cold-start estimate for a model of this many bytes.</summary>
    public double ColdStartMs(long modelBytes) => ColdStartBaseMs + Math.Max(0, modelBytes) / (ColdStartMBps * 1000);

    /// <summary>
    /// Pause between two pulls of a region's changes into a silo's snapshot: changes arrive in batches at most this
    /// far apart. With the pull's own round trip this is the snapshot's staleness bound (docs/ARCHITECTURE.md).
    /// </summary>
    public TimeSpan SnapshotBatchInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>How long a pull waits at the region for a change when there is none (one call per region per this, idle).</summary>
    public TimeSpan SnapshotLongPoll { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Refreshes forced by "no capacity" decisions start at most this often per region and silo.</summary>
    public TimeSpan SnapshotRefreshSpacing { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How often a silo sends its GPU rows' changed routing summaries to their regions, one message per region, the
    /// latest summary per GPU (<c>RegionDeltaBatcher</c>). Changes of whether a GPU may take work at all go at once.
    /// </summary>
    public TimeSpan SummaryBatchInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// How long a region's lease renewals may wait on a silo when nothing that changed waits with them. A renewal only
    /// has to arrive within the liveness period's second half (rows renew every half period), so it need not cost a
    /// message every <see cref="SummaryBatchInterval"/> (an idle fleet of 100k simulated GPUs renews 3–4k GPUs a second).
    /// </summary>
    public TimeSpan RenewalBatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether this silo's snapshot applies its own rows' summaries as they are queued, before their region has them
    /// (on: the router knows what it reserved and released). Off only where tests hold every snapshot stale on purpose.
    /// </summary>
    public bool SnapshotSeesOwnChanges { get; set; } = true;
}
