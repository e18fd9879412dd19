namespace Aitbc.Orleans.Jobs;

public static class LatencyClassExtensions
{
    public static double BudgetMs(this LatencyClass latencyClass) => latencyClass switch
    {
        LatencyClass.Realtime => 100,
        LatencyClass.Fast => 500,
        LatencyClass.Standard => 2000,
        LatencyClass.Economy => 10000,
        _ => throw new ArgumentOutOfRangeException(nameof(latencyClass)),
    };
}
