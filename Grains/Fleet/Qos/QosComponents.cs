namespace Aitbc.Orleans.Fleet.Qos;

/// <summary>
/// The five QoS components of a GPU and their weighted score, as a value: every heartbeat's routing summary needs only
/// the score, so the breakdown record is built only where it is shown (<see cref="Breakdown"/>).
/// </summary>
public readonly record struct QosComponents(double Latency, double Accuracy, double Uptime, double PowerEfficiency, double CostEfficiency, int JobsInWindow)
{
    public double Score => (0.3 * Latency) + (0.25 * Accuracy) + (0.2 * Uptime) + (0.15 * PowerEfficiency) + (0.1 * CostEfficiency);

    public QosBreakdown Breakdown()
    {
        var score = Score;
        return new QosBreakdown(Latency, Accuracy, Uptime, PowerEfficiency, CostEfficiency, score, QosCalculator.TierOf(score), JobsInWindow);
    }
}
