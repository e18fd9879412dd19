using System.Reflection;

namespace Aitbc.Orleans.Gateway.Dashboards;

/// <summary>
/// The owner view at /owner and the operator view at /ops, with their scripts and vendored libraries under /web/,
/// served from resources embedded in this assembly (no build step, no network: everything is local). The pages are
/// public; the data behind them is not: they ask for a key in a form and send it as X-Api-Key on each API call.
/// </summary>
public static class DashboardPages
{
    private const string Prefix = "aitbc-web/";
    private static readonly Assembly Assembly = typeof(DashboardPages).Assembly;
    private static readonly HashSet<string> Files = Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..]).ToHashSet(StringComparer.Ordinal);

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".json"] = "application/json",
        [".md"] = "text/markdown; charset=utf-8",
        [""] = "text/plain; charset=utf-8",
    };

    // Scripts only from here; Leaflet and uPlot set inline styles; markers and tiles are drawn, never fetched.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapDashboardPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/owner", (HttpContext http) => Serve(http, "owner.html")).ExcludeFromDescription();
        app.MapGet("/ops", (HttpContext http) => Serve(http, "ops.html")).ExcludeFromDescription();
        app.MapGet("/web/{**path}", (HttpContext http, string path) => Serve(http, path)).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext http, string path)
    {
        if (!Files.Contains(path) || Assembly.GetManifestResourceStream(Prefix + path) is not { } stream)
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Pages are small and change with the build; the key never travels in a URL, so caching them is harmless, but
        // a fresh page after an upgrade matters more than the bytes.
        headers.CacheControl = "no-cache";
        return Results.Stream(stream, ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream"));
    }
}
