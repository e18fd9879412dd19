using Aitbc.Orleans.Gateway.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>
/// The OpenAPI document (/openapi/v1.json), written to generate clients from: only the /v1 API (not the dashboard,
/// health or metrics), the X-Api-Key scheme (and the same key as a bearer token) required everywhere, every operation
/// with its id, summary, tag and problem responses — 401 and 429 on all of them, 403 where a role is required, besides
/// the 4xx each endpoint declares — and a licence and tag descriptions. Checked by Redocly's recommended rules in CI.
/// </summary>
public static class GatewayOpenApi
{
    public const string ApiKeyScheme = "apiKey";
    public const string BearerScheme = "bearer";
    public const string ProblemMediaType = "application/problem+json";

    /// <summary>Tags by the first path segment under /v1, with what they cover.</summary>
    private static readonly (string Segment, string Tag, string Description)[] Areas =
    [
        ("quotes", "Jobs", "Quotes, jobs and their events: price a job, submit it, wait for it, watch it, cancel it."),
        ("jobs", "Jobs", ""),
        ("models", "Models", "ONNX models: upload (content-addressed), list, describe and download."),
        ("gpus", "Fleet", "The GPUs, regions and price markets of the marketplace."),
        ("regions", "Fleet", ""),
        ("markets", "Fleet", ""),
        ("profiles", "Profiles", "The GPU profile catalogue and the classifier of reported device names."),
        ("miners", "Miners", "Miner enrolment and the miners' view of their rigs."),
        ("attestation", "Attestation", "The operators' allowlist of miner software that software attestation accepts (it proves the enrolled key and the declared software, not a hardware TEE)."),
        ("accounts", "Accounts", "Ledger accounts and API keys."),
        ("keys", "Accounts", ""),
        ("cluster", "Cluster", "What miners need to join the cluster."),
    ];

    private const string OtherTag = "Other";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            // The API only: the dashboard's routes, health probes and metrics are not for clients to generate.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("v1/", StringComparison.Ordinal) == true;
            options.AddSchemaTransformer(DescribeTensorData);
            options.AddOperationTransformer(DeclareProblemsAndTag);
            options.AddDocumentTransformer(DescribeDocument);
        });

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "AITBC Gateway",
            Version = "v1",
            Description = "Quote, submit and watch ONNX inference jobs on a marketplace of consumer and edge GPUs. " +
                          "Send your key as 'X-Api-Key: <key>' (or 'Authorization: Bearer <key>'). Every refusal is an RFC 7807 problem " +
                          "(application/problem+json). The same jobs are served over gRPC (service aitbc.v1.Jobs) on the gateway's own " +
                          "HTTP/2 port (8082 in development), not on this HTTP port. Clients: the .NET SDK (Sdk/) and the aitbc command line (Cli/).",
            // No open licence: an SPDX reference of our own (LicenseRef-), not a made-up URL.
            License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-AITBC-Proprietary" },
        };

        // Servers as seen by the request, without the trailing slash Redocly (and URL joining in generated clients) objects to.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "An API key in the X-Api-Key header.",
        };
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The same API key as a bearer token.",
        };
        // Either scheme satisfies every operation.
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
        ];

        var used = (document.Paths ?? []).Values
            .SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags?.AsEnumerable() ?? [])
            .Select(t => t.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        document.Tags = new HashSet<OpenApiTag>(
            Areas.Where(a => a.Description.Length > 0 && used.Contains(a.Tag))
                .Select(a => new OpenApiTag { Name = a.Tag, Description = a.Description })
                .Concat(used.Contains(OtherTag) ? [new OpenApiTag { Name = OtherTag, Description = "Everything else under /v1." }] : []));
        return Task.CompletedTask;
    }

    /// <summary>A tensor's data is a flat array of numbers (or booleans), not the opaque JsonElement the type says.</summary>
    private static Task DescribeTensorData(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type != typeof(Contracts.TensorBody) && type != typeof(Contracts.TensorResponse))
        {
            return Task.CompletedTask;
        }

        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["data"] = new OpenApiSchema
        {
            // Responses carry null when a miner returned bytes that are not a tensor of the declared type and shape.
            Type = JsonSchemaType.Array | (type == typeof(Contracts.TensorResponse) ? JsonSchemaType.Null : 0),
            Items = new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.Boolean },
            Description = "The elements in row-major order, as many as the shape's product: numbers, or true/false (or 0/1) for bool.",
        };
        return Task.CompletedTask;
    }

    private static Task DeclareProblemsAndTag(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = context.Description.RelativePath ?? "";
        var segment = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault() ?? "";
        var tag = Areas.FirstOrDefault(a => a.Segment == segment).Tag ?? OtherTag;
        operation.Tags = new HashSet<OpenApiTagReference> { new(tag, context.Document) };

        operation.Responses ??= [];
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        AddProblem(operation, context, StatusCodes.Status401Unauthorized, "No API key, or one the gateway does not know (or revoked).");
        if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null && a.Policy != GatewayPolicies.Authenticated || a.Roles is not null))
        {
            AddProblem(operation, context, StatusCodes.Status403Forbidden, "The key lacks the role this operation needs.");
        }

        AddProblem(operation, context, StatusCodes.Status429TooManyRequests, "Too many requests with this key; Retry-After says when to try again.");
        return Task.CompletedTask;
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemMediaType] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), context.Document) },
            },
        };
    }
}
