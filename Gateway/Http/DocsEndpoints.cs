namespace Aitbc.Orleans.Gateway.Http;

/// <summary>/docs: a self-contained API reference page that renders /openapi/v1.json (no CDN, works offline).</summary>
public static class DocsEndpoints
{
    private const string ResourceName = "Aitbc.Orleans.Gateway.Docs.api-reference.html";

    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(DocsEndpoints).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapDocsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/docs", () => Results.Content(Page.Value, "text/html; charset=utf-8")).ExcludeFromDescription();
        return app;
    }
}
