namespace Aitbc.Orleans.Trust;

/// <summary>A miner's client certificate (for its enrolled identity key) and the cluster CA that issued it, both PEM.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.MinerCertificate")]
public sealed record MinerCertificate(
    [property: Id(0)] string CertificatePem,
    [property: Id(1)] string AuthorityPem,
    [property: Id(2)] DateTimeOffset NotAfter);
