using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>
/// JSON settings. Requests are read strictly: unknown or duplicate members, comments, trailing commas, numbers in
/// strings and NaN/Infinity literals are all errors. Responses write enums as camelCase names.
/// </summary>
public static class GatewayJson
{
    public static JsonSerializerOptions Requests { get; } = CreateRequestOptions();

    public static void ConfigureResponses(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // Web defaults read numbers from strings; the API takes numbers only, and the OpenAPI schemas say so.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    private static JsonSerializerOptions CreateRequestOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
            NumberHandling = JsonNumberHandling.Strict,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = 16,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
