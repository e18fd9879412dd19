using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aitbc.Orleans.Sdk;

/// <summary>An RFC 7807 problem details document, as the gateway answers every refusal.</summary>
public sealed class ApiProblem
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }

    public string? Instance { get; init; }

    /// <summary>Validation problems: messages per field (e.g. "inputs.x" or "latencyClass").</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Members beyond RFC 7807's (the gateway adds traceId).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; init; }
}
