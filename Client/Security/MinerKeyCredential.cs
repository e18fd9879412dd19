using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Client.Security;

/// <summary>
/// Signs in as a miner with its identity key: the silo looks up the key the miner was enrolled with and verifies the
/// signature over the challenge. <paramref name="sign"/> is ECDSA P-256/SHA-256 in IEEE P1363 form.
/// </summary>
public sealed class MinerKeyCredential(string minerId, Func<byte[], byte[]> sign) : ISignInCredential
{
    public string Subject { get; } = new CallerIdentity(CallerKind.Miner, minerId).ToString();

    public async Task<SessionToken> SignInAsync(IClusterAccessGrain access)
    {
        ArgumentNullException.ThrowIfNull(access);
        var challenge = await access.GetChallenge();
        return await access.SignIn(new SignInRequest(challenge.Value, sign(SignInPayload.For(challenge.Value, Subject)), MinerId: minerId));
    }
}
