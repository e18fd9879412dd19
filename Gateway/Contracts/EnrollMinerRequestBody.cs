namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// POST /v1/miners. PublicKey is the daemon's ECDSA P-256 SubjectPublicKeyInfo in base64. MinerId is optional;
/// by default it is derived from the key ("miner-" and 16 hex digits of its SHA-256).
/// </summary>
public sealed record EnrollMinerRequestBody(string? PublicKey, string? Name, string? MinerId);
