using System.Text.Encodings.Web;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Gateway.Caching;
using Aitbc.Orleans.Gateway.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Security;

/// <summary>
/// Authenticates "Authorization: Bearer &lt;key&gt;" or "X-Api-Key: &lt;key&gt;" by looking up the key's SHA-256 in
/// its <see cref="IApiKeyGrain"/>. Challenges and refusals answer RFC 7807 problem details (401 and 403).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache keys,
    IProblemDetailsService problems) : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    private const string PresentedKeyItem = "aitbc.api-key";

    /// <summary>Longer than any key we issue; anything longer is refused before hashing.</summary>
    private const int MaxKeyLength = 256;

    private static readonly Caller DevelopmentCaller = new(
        GatewayEnvironment.DevelopmentAccount, "dev", [AccessRoles.Submitter, AccessRoles.Operator], null);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (key.Length == 0 || key.Length > MaxKeyLength)
        {
            return AuthenticateResult.Fail("malformed API key");
        }

        if (Options.AcceptDevelopmentKey && key == GatewayEnvironment.DevelopmentKey)
        {
            return Success(DevelopmentCaller);
        }

        var record = await keys.GetAsync(ApiKeys.IdOf(key));
        if (record is null || record.IsRevoked)
        {
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        Context.Items[PresentedKeyItem] = key;
        return Success(new Caller(record.AccountId, record.KeyId, record.Roles, record.MinerId));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required",
                Detail = "Send a valid API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = "This API key does not have the role this operation needs.",
            },
        });
    }

    /// <summary>The API key this request authenticated with (set only after a successful lookup).</summary>
    public static string? PresentedKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(PresentedKeyItem, out var key) ? key as string : null;
    }

    private AuthenticateResult Success(Caller caller) =>
        AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));

    private static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var apiKey) && apiKey.Count > 0)
        {
            return apiKey.Count == 1 ? apiKey[0]?.Trim() ?? "" : "";
        }

        var authorization = request.Headers.Authorization;
        if (authorization.Count == 0)
        {
            return null;
        }

        var value = authorization[0] ?? "";
        const string bearer = "Bearer ";
        return authorization.Count == 1 && value.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
            ? value[bearer.Length..].Trim()
            : "";
    }
}
