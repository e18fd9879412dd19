using Aitbc.Orleans.Attestation;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>
/// /v1/attestation/policy: the operators' allowlist of miner software that software attestation checks measurements
/// against (read and replaced as a whole, so a repeated PUT changes nothing more). A bad body changes nothing.
/// </summary>
public static class AttestationEndpoints
{
    /// <summary>Entries per list: an allowlist is a short list of releases, not a database.</summary>
    public const int MaxEntries = 256;

    private const int MaxVersionLength = 64;
    private const int MaxOsPrefixLength = 256;

    public static RouteGroupBuilder MapAttestationEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/attestation/policy", Get).RequireOperator().WithName("GetAttestationPolicy")
            .WithSummary("The allowlist of miner software (binary hashes, ONNX Runtime versions, drivers, operating systems) that attestation accepts (operators)")
            .Produces<AttestationPolicyBody>();

        v1.MapPut("/attestation/policy", Put).RequireOperator().WithName("SetAttestationPolicy")
            .WithSummary("Replace the allowlist of miner software (operators). Each list is required; an empty list admits nothing. Miners attested under the old list stay attested until they attest again.")
            .Accepts<AttestationPolicyBody>("application/json")
            .Produces<AttestationPolicyBody>().ProducesValidationProblem();
        return v1;
    }

    private static async Task<IResult> Get(IGrainFactory grains) =>
        TypedResults.Ok(AttestationPolicyBody.From(await grains.Grain<IAttestationPolicyGrain>(0).Get()));

    private static async Task<IResult> Put(HttpContext http, IGrainFactory grains)
    {
        var body = await JsonRequestReader.ReadAsync<AttestationPolicyBody>(http.Request, http.RequestAborted);
        var policy = Validate(body);
        return TypedResults.Ok(AttestationPolicyBody.From(await grains.Grain<IAttestationPolicyGrain>(0).Set(policy)));
    }

    /// <summary>The policy the body describes, or a validation problem naming every bad entry.</summary>
    public static AttestationPolicy Validate(AttestationPolicyBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new ValidationErrors();
        var binaries = List(errors, "binaries", body.Binaries, (field, value) =>
            value is { Length: 64 } && value.All(char.IsAsciiHexDigit) ? value.ToLowerInvariant() : Invalid(errors, field, "must be a SHA-256 of 64 hex digits"));
        var runtimes = List(errors, "onnxRuntimeVersions", body.OnnxRuntimeVersions, (field, value) => Printable(errors, field, value, MaxVersionLength));
        var drivers = List(errors, "drivers", body.Drivers, (field, value) =>
            value is null
                ? Invalid<DriverRecord>(errors, field, "must be an object with a version")
                : Printable(errors, $"{field}.version", value.Version, MaxVersionLength) is { } version
                    ? new DriverRecord(version, value.ReleasedOn, value.KnownVulnerable)
                    : null);
        var os = List(errors, "osPrefixes", body.OsPrefixes, (field, value) => Printable(errors, field, value, MaxOsPrefixLength));
        if (drivers is not null && drivers.GroupBy(d => d.Version, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            errors.Add("drivers", $"lists version '{FieldRules.Truncate(twice.Key)}' more than once");
        }

        errors.ThrowIfAny();
        return new AttestationPolicy(
            binaries!.Distinct(StringComparer.Ordinal).ToArray(), runtimes!.Distinct(StringComparer.Ordinal).ToArray(), drivers!, os!.Distinct(StringComparer.Ordinal).ToArray());
    }

    private static List<TOut>? List<TIn, TOut>(ValidationErrors errors, string field, List<TIn>? values, Func<string, TIn, TOut?> check)
        where TOut : class
    {
        if (values is null)
        {
            errors.Add(field, "is required (an empty list admits nothing)");
            return null;
        }

        if (values.Count > MaxEntries)
        {
            errors.Add(field, $"must have at most {MaxEntries} entries");
            return null;
        }

        var checkedValues = new List<TOut>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (check($"{field}[{i}]", values[i]) is { } value)
            {
                checkedValues.Add(value);
            }
        }

        return checkedValues;
    }

    /// <summary>A non-empty value of printable characters, kept exactly (an OS prefix may end in a space on purpose).</summary>
    private static string? Printable(ValidationErrors errors, string field, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? Invalid(errors, field, "is required")
        : value.Length > maxLength ? Invalid(errors, field, $"must be at most {maxLength} characters")
        : value.Any(char.IsControl) ? Invalid(errors, field, "must not contain control characters")
        : value;

    private static string? Invalid(ValidationErrors errors, string field, string message) => Invalid<string>(errors, field, message);

    private static T? Invalid<T>(ValidationErrors errors, string field, string message)
        where T : class
    {
        errors.Add(field, message);
        return null;
    }
}
