namespace Aitbc.Orleans.Ledger;

[GenerateSerializer, Alias("aitbc.SlashReason")]
public enum SlashReason
{
    ThermalEmergency = 0,
    SlaLatencyBreach = 1,
    AbandonedJob = 2,
    FailedVerification = 3,

    /// <summary>Re-execution on other miners showed the result wrong.</summary>
    WrongResult = 4,

    /// <summary>Another attempt past its deadline after several within the window.</summary>
    RepeatedTimeouts = 5,
}
