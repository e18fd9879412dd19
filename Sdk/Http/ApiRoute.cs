namespace Aitbc.Orleans.Sdk.Http;

/// <summary>
/// One operation the client calls: method, OpenAPI path template, the query parameters it may send, and the JSON it
/// sends and reads (null where the body is not JSON). The client builds every URL through <see cref="Url"/>, so this
/// table is what it does; a test checks the table against the gateway's served OpenAPI document.
/// </summary>
public sealed record ApiRoute(string Method, string Template, IReadOnlyList<string> Query, Type? RequestBody, Type? Response)
{
    /// <summary>The path with its {parameters} filled in order (escaped), and the query parameters that have values.</summary>
    public string Url(IReadOnlyList<string> pathValues, params (string Name, object? Value)[] query)
    {
        ArgumentNullException.ThrowIfNull(pathValues);
        var segments = Template.Split('/');
        var next = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].StartsWith('{'))
            {
                if (next >= pathValues.Count || string.IsNullOrEmpty(pathValues[next]))
                {
                    throw new ArgumentException($"{Template} needs a value for {segments[i]}");
                }

                segments[i] = Uri.EscapeDataString(pathValues[next++]);
            }
        }

        var parts = new List<string>();
        foreach (var (name, value) in query)
        {
            if (!Query.Contains(name))
            {
                throw new ArgumentException($"{Method} {Template} declares no query parameter '{name}'");
            }

            if (value is not null)
            {
                parts.Add($"{name}={Uri.EscapeDataString(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!)}");
            }
        }

        var path = string.Join('/', segments);
        return parts.Count == 0 ? path : $"{path}?{string.Join('&', parts)}";
    }

    public string Url(params (string Name, object? Value)[] query) => Url([], query);

    public HttpMethod HttpMethod => new(Method);
}
