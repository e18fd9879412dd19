using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Aitbc.Orleans.Sdk.Http;
using Aitbc.Orleans.Tests.Fixtures;
using Kit = Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Sdk;

/// <summary>
/// The SDK's calls against the gateway's served OpenAPI document: every route and method exists, every query and path
/// parameter the SDK sends is declared, every request member it writes is in the request schema and it writes every
/// required one, and every member (and enum value) it reads is in the response schema, recursively.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SdkOpenApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Every_route_the_sdk_calls_matches_the_served_document()
    {
        using var response = await fixture.Http().GetAsync("/openapi/v1.json", Kit.Ct);
        var document = await Kit.Expect(response, System.Net.HttpStatusCode.OK);
        var problems = new List<string>();

        foreach (var route in ApiRoutes.All)
        {
            var name = $"{route.Method} {route.Template}";
            if (document["paths"]?[route.Template]?[route.Method.ToLowerInvariant()] is not JsonObject operation)
            {
                problems.Add($"{name}: not in the document");
                continue;
            }

            var parameters = (operation["parameters"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(p => (In: p["in"]!.GetValue<string>(), Name: p["name"]!.GetValue<string>())).ToList();
            problems.AddRange(route.Query.Where(q => !parameters.Contains(("query", q))).Select(q => $"{name}: query parameter '{q}' not declared"));
            var pathParameters = route.Template.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'));
            problems.AddRange(pathParameters.Where(p => !parameters.Contains(("path", p))).Select(p => $"{name}: path parameter '{p}' not declared"));

            if (route.RequestBody is { } body)
            {
                var schema = Resolve(document, operation["requestBody"]?["content"]?["application/json"]?["schema"]);
                var written = Members(body);
                var declared = Properties(schema);
                problems.AddRange(written.Keys.Where(m => !declared.ContainsKey(m)).Select(m => $"{name}: the SDK writes '{m}', the request schema has no such member"));
                problems.AddRange(Required(schema).Where(r => !written.ContainsKey(r)).Select(r => $"{name}: the request schema requires '{r}', the SDK cannot write it"));
            }

            if (route.Response is { } read)
            {
                var success = operation["responses"]?["200"] ?? operation["responses"]?["201"];
                var schema = Resolve(document, success?["content"]?["application/json"]?["schema"]);
                if (schema is null)
                {
                    problems.Add($"{name}: no JSON success response declared");
                }
                else
                {
                    CompareRead(document, name, read, schema, problems, []);
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Everything the SDK reads from <paramref name="type"/> must be declared by <paramref name="schema"/>.</summary>
    private static void CompareRead(JsonNode document, string where, Type type, JsonObject schema, List<string> problems, HashSet<Type> visited)
    {
        var info = SdkJson.Options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                if (Resolve(document, schema["items"]) is { } items)
                {
                    CompareRead(document, where + "[]", ElementType(type), items, problems, visited);
                }
                else
                {
                    problems.Add($"{where}: the SDK reads a list, the schema has no items");
                }

                return;
            case JsonTypeInfoKind.Dictionary:
                if (Resolve(document, schema["additionalProperties"]) is { } values)
                {
                    CompareRead(document, where + "{}", type.GetGenericArguments()[1], values, problems, visited);
                }

                return;
            case JsonTypeInfoKind.Object when visited.Add(type):
                var declared = Properties(schema);
                foreach (var (member, memberType) in Members(type))
                {
                    if (!declared.TryGetValue(member, out var property))
                    {
                        problems.Add($"{where}: the SDK reads '{member}', the schema has no such member");
                    }
                    else if (Resolve(document, property) is { } memberSchema)
                    {
                        CompareRead(document, $"{where}.{member}", memberType, memberSchema, problems, visited);
                    }
                }

                return;
            case JsonTypeInfoKind.None when (Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } enumType:
                var allowed = (schema["enum"] as JsonArray ?? []).Select(v => v?.GetValue<string>()).ToHashSet();
                foreach (var value in Enum.GetNames(enumType).Select(JsonNamingPolicy.CamelCase.ConvertName))
                {
                    if (!allowed.Contains(value))
                    {
                        problems.Add($"{where}: the SDK knows '{value}', the schema's enum does not");
                    }
                }

                return;
        }
    }

    /// <summary>The members the SDK's serializer writes and reads (computed [JsonIgnore] members are listed but never serialized).</summary>
    private static Dictionary<string, Type> Members(Type type) =>
        SdkJson.Options.GetTypeInfo(type).Properties
            .Where(p => p.AttributeProvider?.IsDefined(typeof(JsonIgnoreAttribute), inherit: true) != true)
            .ToDictionary(p => p.Name, p => p.PropertyType, StringComparer.Ordinal);

    private static Type ElementType(Type type) =>
        type.IsArray ? type.GetElementType()! : type.GetInterfaces().Append(type)
            .First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)).GetGenericArguments()[0];

    private static Dictionary<string, JsonNode?> Properties(JsonObject? schema) =>
        (schema?["properties"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static IEnumerable<string> Required(JsonObject? schema) =>
        (schema?["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>());

    /// <summary>Follows $ref, and the oneOf [null, X] wrapper the generator writes for nullable references.</summary>
    private static JsonObject? Resolve(JsonNode document, JsonNode? schema)
    {
        for (var depth = 0; depth < 16 && schema is JsonObject node; depth++)
        {
            if (node["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate((JsonNode?)document, (n, s) => n?[s]);
            }
            else if (node["oneOf"] is JsonArray choices && choices.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.ToString() != "null") is { } other)
            {
                schema = other;
            }
            else
            {
                return node;
            }
        }

        return null;
    }
}
