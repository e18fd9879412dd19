namespace Aitbc.Orleans.Fleet.Qos;

/// <summary>Six hours of QoS counters (<see cref="QosCalculator.BucketHours"/>); <see cref="HourIndex"/> is the first hour.</summary>
[GenerateSerializer, Alias("aitbc.QosBucket")]
public sealed class QosBucket
{
    [Id(0)] public long HourIndex { get; set; }
    [Id(1)] public int Jobs { get; set; }
    [Id(2)] public int Succeeded { get; set; }
    [Id(3)] public int Correct { get; set; }
    [Id(4)] public double LatencyScoreSum { get; set; }
    [Id(5)] public int Heartbeats { get; set; }
    [Id(6)] public double EnergyPerfSum { get; set; }
    [Id(7)] public int EnergySamples { get; set; }

    /// <summary>Results checked by re-execution (Correct counts the verified ones found right).</summary>
    [Id(8)] public int Verified { get; set; }
    [Id(9)] public int Wrong { get; set; }
    [Id(10)] public int Failed { get; set; }
    [Id(11)] public int TimedOut { get; set; }
    [Id(12)] public int Abandoned { get; set; }
}
