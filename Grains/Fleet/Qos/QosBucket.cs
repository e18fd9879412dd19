namespace Aitbc.Orleans.Fleet.Qos;

/// <summary>One hour of QoS counters.</summary>
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
}
