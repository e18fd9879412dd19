using Aitbc.Orleans.Ledger;

namespace Aitbc.Orleans.Tests.Ledger;

public sealed class SlashingOptionsTests
{
    [Theory]
    [InlineData(SlashReason.ThermalEmergency, 0, 5)]
    [InlineData(SlashReason.ThermalEmergency, 1, 10)]
    [InlineData(SlashReason.ThermalEmergency, 2, 20)]
    [InlineData(SlashReason.ThermalEmergency, 3, 40)]
    [InlineData(SlashReason.ThermalEmergency, 9, 40)]
    [InlineData(SlashReason.SlaLatencyBreach, 0, 1)]
    [InlineData(SlashReason.AbandonedJob, 1, 4)]
    [InlineData(SlashReason.FailedVerification, 0, 10)]
    public void Repeat_offences_escalate_up_to_the_cap(SlashReason reason, int prior, decimal expected) =>
        Assert.Equal(expected, new SlashingOptions().AmountFor(reason, prior));
}
