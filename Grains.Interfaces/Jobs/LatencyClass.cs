namespace Aitbc.Orleans.Jobs;

/// <summary>Latency budgets: realtime &lt; 100 ms, fast &lt; 500 ms, standard &lt; 2000 ms, economy &lt; 10000 ms.</summary>
[GenerateSerializer, Alias("aitbc.LatencyClass")]
public enum LatencyClass
{
    Realtime = 0,
    Fast = 1,
    Standard = 2,
    Economy = 3,
}
