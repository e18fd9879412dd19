using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Aitbc.Orleans.Trust;

/// <summary>
/// Sign-in and the other front-door services of <see cref="IClusterAccessGrain"/>. A stateless worker: every silo
/// answers locally, from the shared token key, the CA and the enrolment records.
/// </summary>
[StatelessWorker]
public sealed class ClusterAccessGrain(
    ClusterTokens tokens,
    ClusterAuthority authority,
    ModelReadGrants models,
    IOptions<TrustOptions> options,
    DomainTime time,
    ILogger<ClusterAccessGrain> logger) : Grain, IClusterAccessGrain
{
    /// <summary>The development key the HTTP gateway documents; it signs in as an operator only where the silo allows it.</summary>
    private const string DevelopmentOperatorKey = "dev-key";

    private readonly TrustOptions _options = options.Value;
    private (DateTimeOffset At, IReadOnlyList<string> Gateways)? _gateways;

    public Task<ClusterChallenge> GetChallenge() => Task.FromResult(tokens.NewChallenge(time.GetUtcNow(), _options.ChallengeLifetime));

    public async Task<SessionToken> SignIn(SignInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        if (tokens.CheckChallenge(request.Challenge, now) is { } stale)
        {
            throw Refused(stale);
        }

        var caller = request switch
        {
            { MinerId: { } minerId } => await VerifyMiner(minerId, request),
            { Certificate: { } certificate } => VerifyCertificate(certificate, request, now),
            _ => throw Refused("a sign-in names a miner id or carries a cluster certificate"),
        };
        return Issue(caller, now);
    }

    public async Task<SessionToken> SignInOperator(string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        var now = time.GetUtcNow();
        if (_options.AcceptDevelopmentOperatorKey && apiKey == DevelopmentOperatorKey)
        {
            return Issue(new CallerIdentity(CallerKind.Operator, "dev"), now);
        }

        var record = apiKey.Length <= 256 ? await GrainFactory.Grain<IApiKeyGrain>(ApiKeys.IdOf(apiKey)).Get() : null;
        if (record is null || record.IsRevoked || !record.Roles.Contains(AccessRoles.Operator))
        {
            throw Refused("not an operator key");
        }

        return Issue(new CallerIdentity(CallerKind.Operator, record.AccountId), now);
    }

    public async Task<MinerCertificate?> IssueMinerCertificate(string minerId)
    {
        var enrollment = await GrainFactory.Grain<IMinerEnrollmentGrain>(minerId).Get()
            ?? throw new InvalidOperationException($"miner {minerId} is not enrolled");
        return authority.CanIssue ? authority.IssueMinerCertificate(minerId, enrollment.PublicKey, time.GetUtcNow()) : null;
    }

    public Task<bool> MinerMayReadModel(string minerId, string modelId) => models.MayRead(minerId, modelId);

    public async Task<IReadOnlyList<string>> GetSiloGateways()
    {
        var now = time.GetUtcNow();
        if (_gateways is { } cached && now - cached.At < TimeSpan.FromSeconds(5))
        {
            return cached.Gateways;
        }

        var hosts = await GrainFactory.Grain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true);
        IReadOnlyList<string> gateways = hosts.Where(h => h.ProxyPort > 0)
            .Select(h => $"{h.SiloAddress.Endpoint.Address}:{h.ProxyPort}").Order(StringComparer.Ordinal).ToArray();
        _gateways = (now, gateways);
        return gateways;
    }

    private async Task<CallerIdentity> VerifyMiner(string minerId, SignInRequest request)
    {
        var enrollment = await GrainFactory.Grain<IMinerEnrollmentGrain>(minerId).Get()
            ?? throw new MinerNotEnrolledException($"miner {minerId} is not enrolled: enrol it with POST /v1/miners and the owner's key");
        var caller = new CallerIdentity(CallerKind.Miner, minerId);
        if (!ResultSignature.VerifySignature(Convert.FromBase64String(enrollment.PublicKey), SignInPayload.For(request.Challenge, caller.ToString()), request.Signature))
        {
            throw Refused($"the signature does not verify under the key miner {minerId} was enrolled with");
        }

        return caller;
    }

    private CallerIdentity VerifyCertificate(byte[] der, SignInRequest request, DateTimeOffset now)
    {
        if (authority.Certificate is null)
        {
            throw Refused("this cluster has no CA: certificates cannot sign in");
        }

        using var certificate = ClusterCertificates.TryParse(der) ?? throw Refused("the certificate cannot be read");
        // Miners sign in with their enrolled key (the enrolment is checked on every sign-in); silos never sign in.
        if (ClusterCertificates.Check(certificate, authority.Certificate, now, CallerKind.Gateway, CallerKind.Operator) is { } why)
        {
            throw Refused(why);
        }

        ClusterCertificates.TryReadSubject(certificate, out var role, out var id);
        var caller = new CallerIdentity(role, id);
        using var key = certificate.GetECDsaPublicKey() ?? throw Refused("the certificate's key is not ECDSA");
        if (!key.VerifyData(SignInPayload.For(request.Challenge, caller.ToString()), request.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            throw Refused("the signature does not verify under the certificate's key");
        }

        return caller;
    }

    private SessionToken Issue(CallerIdentity caller, DateTimeOffset now)
    {
        var expires = now + _options.TokenLifetime;
        logger.LogInformation("Session for {Caller} until {Expires:O}", caller, expires);
        return new SessionToken(tokens.IssueToken(caller, expires), caller, now, expires);
    }

    private SignInRefusedException Refused(string reason)
    {
        logger.LogWarning("Sign-in refused: {Reason}", reason);
        return new SignInRefusedException(reason);
    }
}
