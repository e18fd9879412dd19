namespace Aitbc.Orleans.Ledger;

/// <summary>Slash amounts per offence and how repeats escalate. Bound from "Aitbc:Slashing".</summary>
public sealed class SlashingOptions
{
    public decimal ThermalEmergency { get; set; } = 5m;
    public decimal SlaLatencyBreach { get; set; } = 1m;
    public decimal AbandonedJob { get; set; } = 2m;
    public decimal FailedVerification { get; set; } = 10m;
    public decimal WrongResult { get; set; } = 10m;
    public decimal RepeatedTimeouts { get; set; } = 1m;

    /// <summary>Each earlier offence of the same kind multiplies the amount by this factor...</summary>
    public decimal EscalationFactor { get; set; } = 2m;

    /// <summary>...up to this multiple of the base amount.</summary>
    public decimal MaxEscalation { get; set; } = 8m;

    public decimal BaseAmount(SlashReason reason) => reason switch
    {
        SlashReason.ThermalEmergency => ThermalEmergency,
        SlashReason.SlaLatencyBreach => SlaLatencyBreach,
        SlashReason.AbandonedJob => AbandonedJob,
        SlashReason.FailedVerification => FailedVerification,
        SlashReason.WrongResult => WrongResult,
        SlashReason.RepeatedTimeouts => RepeatedTimeouts,
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    /// <summary>Amount for the (priorOffences+1)-th offence: base × factor^prior, capped at base × MaxEscalation.</summary>
    public decimal AmountFor(SlashReason reason, int priorOffences)
    {
        var multiplier = 1m;
        for (var i = 0; i < priorOffences && multiplier < MaxEscalation; i++)
        {
            multiplier *= EscalationFactor;
        }

        return BaseAmount(reason) * Math.Min(multiplier, MaxEscalation);
    }
}
