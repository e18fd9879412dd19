using System.Net;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Tests.Fixtures;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>
/// The served OpenAPI document is fit to generate clients from (Redocly's recommended rules run on the development
/// silo's document in CI; these check the same properties on every build), and /docs serves the reference.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayOpenApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_a_tag_and_its_problem_responses_under_the_api_key_scheme()
    {
        using var response = await fixture.Http().GetAsync("/openapi/v1.json", Ct);
        var document = await response.Expect(HttpStatusCode.OK);

        var scheme = document["components"]!["securitySchemes"]!["apiKey"]!;
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme["type"]!.GetValue<string>(), scheme["in"]!.GetValue<string>(), scheme["name"]!.GetValue<string>()));
        Assert.Contains(document["security"]!.AsArray(), r => r!["apiKey"] is not null);
        Assert.Contains("own HTTP/2 port", document["info"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(document["info"]!["license"]!["identifier"]);
        var tags = document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToHashSet();

        var operations = document["paths"]!.AsObject()
            .SelectMany(p => Methods.Where(m => p.Value![m] is not null).Select(m => (Path: p.Key, Method: m, Operation: p.Value![m]!.AsObject())))
            .ToList();
        Assert.True(operations.Count >= 20, $"{operations.Count} operations");
        Assert.All(operations, o => Assert.StartsWith("/v1/", o.Path, StringComparison.Ordinal));
        var ids = new HashSet<string>();
        foreach (var (path, method, operation) in operations)
        {
            var name = $"{method} {path}";
            Assert.True(operation["operationId"]?.GetValue<string>() is { Length: > 0 } id && ids.Add(id), $"{name}: missing or repeated operationId");
            Assert.True(operation["summary"]?.GetValue<string>() is { Length: > 0 }, $"{name}: no summary");
            Assert.True(operation["tags"]?.AsArray().All(t => tags.Contains(t!.GetValue<string>())) == true, $"{name}: a tag without a description");
            var responses = operation["responses"]!.AsObject();
            foreach (var status in new[] { "401", "429" })
            {
                Assert.True(responses[status]?["content"]?["application/problem+json"] is not null, $"{name}: no {status} problem");
            }
        }

        // Role-restricted operations declare 403; the tensor data schema is a flat array; raw bodies are binary.
        Assert.NotNull(document["paths"]!["/v1/keys"]!["post"]!["responses"]!["403"]);
        Assert.Equal("array", document["components"]!["schemas"]!["TensorBody"]!["properties"]!["data"]!["type"]!.GetValue<string>());
        Assert.Equal("binary", document["paths"]!["/v1/models"]!["post"]!["requestBody"]!["content"]!["application/octet-stream"]!["schema"]!["format"]!.GetValue<string>());
        var wait = document["paths"]!["/v1/jobs"]!["post"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "wait");
        Assert.Equal("query", wait!["in"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_reference_at_docs_renders_the_document_with_its_own_script_and_the_api_key()
    {
        var http = fixture.Http();
        using var page = await http.GetAsync("/docs", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"X-Api-Key\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
        using var script = await http.GetAsync("/docs/scalar.js", Ct);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync(Ct)).Length > 100_000);
    }
}
