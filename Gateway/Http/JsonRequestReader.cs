using System.Text.Json;
using Aitbc.Orleans.Gateway.Validation;
using Microsoft.AspNetCore.Http.Features;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>
/// Reads a JSON request body into a DTO, turning every way it can be wrong (media type, size, syntax, types,
/// unknown members) into a <see cref="GatewayRequestException"/> with the JSON path as the field name.
/// Endpoints read bodies here rather than through parameter binding so that every failure has a field message.
/// </summary>
public static class JsonRequestReader
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            throw new GatewayRequestException(
                FailureKind.UnsupportedMediaType, "Unsupported media type", "The body must be JSON (Content-Type: application/json).");
        }

        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (request.ContentLength is { } length && limit is { } max && length > max)
        {
            throw TooLarge(max);
        }

        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(request.Body, GatewayJson.Requests, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw GatewayRequestException.Invalid(FieldOf(ex.Path), Describe(ex));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit ?? 0);
        }

        return value ?? throw GatewayRequestException.Invalid("$", "A JSON object body is required.");
    }

    public static GatewayRequestException TooLarge(long limit) =>
        new(FailureKind.PayloadTooLarge, "Request body too large", $"The body is larger than the limit of {limit} bytes.");

    /// <summary>"$.client.lat" becomes "client.lat"; the root is "$".</summary>
    public static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "$";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string Describe(JsonException ex)
    {
        // The serializer's own messages name .NET types; say what the client can act on instead.
        var message = ex.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "is not a known member of this request";
        }

        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return "appears more than once";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "has the wrong JSON type or is out of range";
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return "is nested too deeply";
        }

        return ex.LineNumber is { } line
            ? $"is not valid JSON (line {line + 1}, byte {ex.BytePositionInLine ?? 0})"
            : "is not valid JSON";
    }
}
