using System.Security.Cryptography;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Gateway.Caching;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Trust;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Security;

/// <summary>Issues and revokes API keys, and enrols miners with their credential.</summary>
public sealed class AccessService(IGrainFactory grains, IOptions<GatewayOptions> options, TimeProvider time, ApiKeyCache keys)
{
    private readonly GatewayOptions _options = options.Value;

    /// <summary>Operators issue keys for people (submitter, operator); miner credentials come only from enrolment.</summary>
    public async Task<ApiKeyResponse> CreateKeyAsync(CreateKeyRequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new ValidationErrors();
        var account = FieldRules.Id(errors, "accountId", body.AccountId, _options.MaxStringLength);
        var label = FieldRules.Text(errors, "label", body.Label, _options.MaxStringLength, required: false);
        string[] allowed = [AccessRoles.Submitter, AccessRoles.Operator];
        if (body.Roles is not { Length: > 0 } roles)
        {
            errors.Add("roles", $"is required: one or more of {string.Join(", ", allowed)}");
        }
        else if (roles.FirstOrDefault(r => !allowed.Contains(r)) is { } unknown)
        {
            errors.Add("roles", $"'{FieldRules.Truncate(unknown ?? "null")}' is not one of: {string.Join(", ", allowed)}");
        }

        if (account is not null && account.StartsWith("miner:", StringComparison.Ordinal))
        {
            errors.Add("accountId", "miner accounts get their credential from POST /v1/miners");
        }

        errors.ThrowIfAny();
        var (key, record) = await IssueAsync(account!, body.Roles!.Distinct().ToArray(), null, label);
        return new ApiKeyResponse(key, record.KeyId, record.AccountId, record.Roles, null, record.Label, record.CreatedAt);
    }

    public async Task RevokeKeyAsync(string keyId)
    {
        var wellFormed = keyId.Length == 64 && keyId.All(char.IsAsciiHexDigitLower);
        var revoked = wellFormed ? await grains.Grain<IApiKeyGrain>(keyId).Revoke(time.GetUtcNow()) : null;
        keys.Invalidate(keyId);
        if (revoked is null)
        {
            throw GatewayRequestException.NotFound("There is no such key (give the keyId, the key's SHA-256 in lowercase hex).");
        }
    }

    /// <summary>
    /// Operators: ends a miner's enrolment (it can no longer sign in to the cluster or register) and revokes its
    /// credential (no gateway list, downloads or staking). Idempotent: a repeat finds nothing left to end.
    /// </summary>
    public async Task WithdrawMinerAsync(string minerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(minerId);
        if (await grains.Grain<IMinerEnrollmentGrain>(minerId).Withdraw() is { } withdrawn)
        {
            await grains.Grain<IApiKeyGrain>(withdrawn.CredentialKeyId).Revoke(time.GetUtcNow());
            keys.Invalidate(withdrawn.CredentialKeyId);
        }
    }

    /// <summary>
    /// Enrols a miner for the caller, or, when the caller already enrolled this miner with this key, issues a new
    /// credential and revokes the old one. Another owner, another key, or a miner already registered with another
    /// key is a conflict.
    /// </summary>
    public async Task<(MinerEnrollmentResponse Enrollment, bool Created)> EnrollMinerAsync(Caller caller, EnrollMinerRequestBody body)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(body);
        var errors = new ValidationErrors();
        var publicKey = PublicKey(errors, body.PublicKey);
        var name = FieldRules.Text(errors, "name", body.Name, _options.MaxStringLength, required: false);
        var minerId = FieldRules.Id(errors, "minerId", body.MinerId, 64, required: false);
        if (minerId is not null && minerId.Contains(':', StringComparison.Ordinal))
        {
            // GPU ids are "{minerId}:{device}": a ':' in a miner id would let it name another miner's GPUs.
            errors.Add("minerId", "may not contain ':'");
        }

        errors.ThrowIfAny();

        var keyText = Convert.ToBase64String(publicKey!);
        minerId ??= MinerIds.FromPublicKey(publicKey!);
        var registered = await grains.Grain<IMinerGrain>(minerId).GetSnapshot();
        if (registered is not null && registered.PublicKey != keyText)
        {
            throw Conflict($"Miner {minerId} is already registered with another public key.");
        }

        var enrollmentGrain = grains.Grain<IMinerEnrollmentGrain>(minerId);
        var existing = await enrollmentGrain.Get();
        if (existing is not null && (existing.OwnerAccountId != caller.AccountId || existing.PublicKey != keyText))
        {
            throw Conflict($"Miner {minerId} is already enrolled by another owner or with another public key.");
        }

        var (credential, record) = await IssueAsync(LedgerAccounts.ForMiner(minerId), [AccessRoles.Miner], minerId, name);
        if (existing is not null)
        {
            var previous = await enrollmentGrain.ReplaceCredential(record.KeyId);
            if (previous is not null)
            {
                await grains.Grain<IApiKeyGrain>(previous).Revoke(time.GetUtcNow());
                keys.Invalidate(previous);
            }

            return (await WithCertificate(Response(existing, credential)), false);
        }

        var enrollment = await enrollmentGrain.Enroll(new MinerEnrollment(minerId, caller.AccountId, keyText, name, record.CreatedAt, record.KeyId));
        if (enrollment.CredentialKeyId != record.KeyId)
        {
            // Someone enrolled this miner between our read and our write: theirs stands, our key must not work.
            await grains.Grain<IApiKeyGrain>(record.KeyId).Revoke(time.GetUtcNow());
            throw Conflict($"Miner {minerId} was enrolled concurrently; retry.");
        }

        return (await WithCertificate(Response(enrollment, credential)), true);
    }

    /// <summary>The client certificate the cluster CA issues for the enrolled key (none in development, where there is no CA).</summary>
    private async Task<MinerEnrollmentResponse> WithCertificate(MinerEnrollmentResponse response)
    {
        var issued = await grains.Grain<IClusterAccessGrain>(0).IssueMinerCertificate(response.MinerId);
        return issued is null ? response : response with { Certificate = issued.CertificatePem, CaCertificate = issued.AuthorityPem };
    }

    private async Task<(string Key, ApiKeyRecord Record)> IssueAsync(string accountId, string[] roles, string? minerId, string? label)
    {
        // 256 random bits never collide in practice; the loop only guards the Create contract.
        while (true)
        {
            var key = ApiKeys.Generate();
            var record = new ApiKeyRecord(ApiKeys.IdOf(key), accountId, roles, minerId, time.GetUtcNow(), label);
            if (await grains.Grain<IApiKeyGrain>(record.KeyId).Create(record))
            {
                return (key, record);
            }
        }
    }

    private static byte[]? PublicKey(ValidationErrors errors, string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            errors.Add("publicKey", "is required: the miner's ECDSA P-256 public key (SubjectPublicKeyInfo, base64)");
            return null;
        }

        if (base64.Length > 1024)
        {
            errors.Add("publicKey", "is too long for a P-256 public key");
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(base64);
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(bytes, out var read);
            if (ecdsa.KeySize != 256 || read != bytes.Length)
            {
                errors.Add("publicKey", "must be an ECDSA P-256 key");
                return null;
            }

            return bytes;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            errors.Add("publicKey", "is not a base64 SubjectPublicKeyInfo of an ECDSA P-256 key");
            return null;
        }
    }

    private static MinerEnrollmentResponse Response(MinerEnrollment enrollment, string credential) =>
        new(enrollment.MinerId, enrollment.Name, enrollment.PublicKey, enrollment.OwnerAccountId,
            LedgerAccounts.ForMiner(enrollment.MinerId), enrollment.EnrolledAt, credential);

    private static GatewayRequestException Conflict(string detail) => new(FailureKind.Conflict, "Miner already enrolled", detail);
}
