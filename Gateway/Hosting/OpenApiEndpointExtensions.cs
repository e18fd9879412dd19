using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>
/// What an endpoint's delegate does not tell the OpenAPI generator: query parameters the gateway reads by hand (so a bad
/// value is a field message), raw-byte bodies and downloads, and event streams.
/// </summary>
public static class OpenApiEndpointExtensions
{
    /// <summary>A query parameter whose value is one of an enum's names (camelCase, case-insensitive on input).</summary>
    public static RouteHandlerBuilder WithQueryParameter<TEnum>(this RouteHandlerBuilder builder, string name, string description)
        where TEnum : struct, Enum =>
        builder.WithQueryParameter(name, JsonSchemaType.String, $"{description}: {string.Join(", ", Enum.GetNames<TEnum>().Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName))}");

    public static RouteHandlerBuilder WithQueryParameter(this RouteHandlerBuilder builder, string name, JsonSchemaType type, string description, bool required = false) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Required = required,
                Description = description,
                Schema = new OpenApiSchema { Type = type },
            });
            return Task.CompletedTask;
        });

    /// <summary>page and pageSize, as QueryReader.Paging reads them.</summary>
    public static RouteHandlerBuilder WithPaging(this RouteHandlerBuilder builder) => builder
        .WithQueryParameter("page", JsonSchemaType.Integer, "Page number, from 1 (default 1)")
        .WithQueryParameter("pageSize", JsonSchemaType.Integer, "Items per page (1 to the gateway's MaxPageSize, default 50)");

    /// <summary>The request body is raw bytes (format binary, not base64 text).</summary>
    public static RouteHandlerBuilder WithBinaryBody(this RouteHandlerBuilder builder, string mediaType = "application/octet-stream") =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = Binary() } },
            };
            return Task.CompletedTask;
        });

    /// <summary>These success statuses answer with a body of <paramref name="mediaType"/>: raw bytes, or text for an event stream.</summary>
    public static RouteHandlerBuilder WithStreamResponse(this RouteHandlerBuilder builder, string mediaType, string description, params int[] statuses) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            foreach (var status in statuses)
            {
                operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [mediaType] = new() { Schema = mediaType.StartsWith("text/", StringComparison.Ordinal) ? new OpenApiSchema { Type = JsonSchemaType.String } : Binary() },
                    },
                };
            }

            return Task.CompletedTask;
        });

    private static OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };
}
