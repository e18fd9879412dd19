namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>How fast a result is needed: realtime (&lt;100 ms), fast (&lt;500 ms), standard (&lt;2 s), economy (&lt;10 s).</summary>
public enum LatencyClass
{
    Realtime,
    Fast,
    Standard,
    Economy,
}
