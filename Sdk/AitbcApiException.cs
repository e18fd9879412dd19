using System.Net;

namespace Aitbc.Orleans.Sdk;

/// <summary>
/// The gateway refused a request: the HTTP status and the RFC 7807 problem it answered with (title, detail and, for
/// validation problems, the messages per field). A non-problem answer (a proxy's HTML page) still gives the status and a
/// problem made from the body.
/// </summary>
public sealed class AitbcApiException : Exception
{
    public AitbcApiException()
    {
        Problem = new ApiProblem();
    }

    public AitbcApiException(string message)
        : base(message)
    {
        Problem = new ApiProblem { Detail = message };
    }

    public AitbcApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = new ApiProblem { Detail = message };
    }

    public AitbcApiException(HttpStatusCode status, ApiProblem problem, TimeSpan? retryAfter = null)
        : base(Describe(status, problem))
    {
        ArgumentNullException.ThrowIfNull(problem);
        StatusCode = status;
        Problem = problem;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode StatusCode { get; }

    public ApiProblem Problem { get; }

    /// <summary>The server's Retry-After, when it sent one (429 and 503).</summary>
    public TimeSpan? RetryAfter { get; }

    public string? Title => Problem.Title;

    public string? Detail => Problem.Detail;

    /// <summary>Validation messages per field; empty when the problem is not about fields.</summary>
    public IReadOnlyDictionary<string, string[]> Errors => Problem.Errors ?? new Dictionary<string, string[]>();

    private static string Describe(HttpStatusCode status, ApiProblem problem)
    {
        var text = $"{(int)status} {problem.Title ?? status.ToString()}";
        if (!string.IsNullOrEmpty(problem.Detail))
        {
            text += $": {problem.Detail}";
        }

        if (problem.Errors is { Count: > 0 } errors)
        {
            text += " (" + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) + ")";
        }

        return text;
    }
}
