using System.Security.Cryptography;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Client.Security;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Benchmark miners go through the same trust path as real ones: enrolled with their key, registrations signed over a
/// fresh challenge, and (for the heartbeat scenario) their own signed-in sessions so that the silo's authorization
/// filter checks every call as a miner's. The harness client itself runs as an operator.
/// </summary>
public static class BenchEnrollment
{
    public static string PublicKeyOf(ECDsa key) => Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());

    public static byte[] Sign(ECDsa key, byte[] data) => key.SignData(data, HashAlgorithmName.SHA256, ResultSignature.SignatureFormat);

    /// <summary>Enrols the miner (as POST /v1/miners would) and returns its registration, signed over a fresh challenge.</summary>
    public static async Task<MinerRegistration> EnrolledAndSigned(IGrainFactory grains, MinerRegistration registration, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(registration);
        await grains.GetGrain<IMinerEnrollmentGrain>(registration.MinerId).Enroll(
            new MinerEnrollment(registration.MinerId, "bench-owner", registration.PublicKey, "bench", DateTimeOffset.UtcNow, ""));
        var challenge = await grains.GetGrain<IClusterAccessGrain>(0).GetChallenge();
        return MinerRegistrationPayload.Sign(registration, challenge.Value, data => Sign(key, data));
    }

    /// <summary>A session token for the miner, signed in with its key as the daemon does.</summary>
    public static async Task<string> SignIn(IGrainFactory grains, string minerId, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var session = await new MinerKeyCredential(minerId, data => Sign(key, data)).SignInAsync(grains.GetGrain<IClusterAccessGrain>(0));
        return session.Token;
    }
}
