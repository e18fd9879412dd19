namespace Aitbc.Orleans.Fleet;

[GenerateSerializer, Alias("aitbc.MinerState")]
public sealed class MinerState
{
    [Id(0)] public MinerRegistration? Registration { get; set; }
    [Id(1)] public bool Online { get; set; }
    [Id(2)] public DateTimeOffset? LastHeartbeat { get; set; }
    [Id(3)] public DateTimeOffset? RegisteredAt { get; set; }
    [Id(4)] public int Reconnects { get; set; }

    /// <summary>The challenge of the last accepted registration: a registration is never accepted twice.</summary>
    [Id(5)] public string? LastChallenge { get; set; }
}
