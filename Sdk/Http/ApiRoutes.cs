namespace Aitbc.Orleans.Sdk.Http;

/// <summary>
/// Every route the client calls, in one place: the paths it builds and, in <see cref="All"/>, each method and OpenAPI
/// path template, which a test checks against the gateway's served document.
/// </summary>
public static class ApiRoutes
{
    public const string Quotes = "/v1/quotes";
    public const string Jobs = "/v1/jobs";
    public const string Models = "/v1/models";

    public static IReadOnlyList<(HttpMethod Method, string Template)> All { get; } =
    [
        (HttpMethod.Post, Quotes),
        (HttpMethod.Post, Jobs),
        (HttpMethod.Get, Jobs),
        (HttpMethod.Get, "/v1/jobs/{id}"),
        (HttpMethod.Delete, "/v1/jobs/{id}"),
        (HttpMethod.Get, "/v1/jobs/{id}/events"),
        (HttpMethod.Post, Models),
        (HttpMethod.Get, Models),
        (HttpMethod.Get, "/v1/models/{id}"),
    ];

    public static string Job(string id) => $"{Jobs}/{Segment(id)}";

    public static string JobEvents(string id) => $"{Jobs}/{Segment(id)}/events";

    public static string Model(string id) => $"{Models}/{Segment(id)}";

    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }
}
