namespace Aitbc.Orleans.Ledger;

[GenerateSerializer, Alias("aitbc.SlashReason")]
public enum SlashReason
{
    ThermalEmergency = 0,
    SlaLatencyBreach = 1,
    AbandonedJob = 2,
    FailedVerification = 3,
}
