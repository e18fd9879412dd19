namespace Aitbc.Orleans.Trust;

/// <summary>
/// Proof of a key over a fresh <see cref="ClusterChallenge"/>: <see cref="Signature"/> is ECDSA P-256/SHA-256
/// (IEEE P1363) over <see cref="SignInPayload.For"/>. A miner signs with its enrolled identity key and names itself
/// (<see cref="MinerId"/>); the platform's processes sign with the key of their cluster certificate and send the
/// certificate (DER), whose subject names their role.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.SignInRequest")]
public sealed record SignInRequest(
    [property: Id(0)] string Challenge,
    [property: Id(1)] byte[] Signature,
    [property: Id(2)] string? MinerId = null,
    [property: Id(3)] byte[]? Certificate = null);
