using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Aitbc.Orleans.Tests.Sdk;

/// <summary>
/// The transport in front of the real gateway, losing one answer: the first request matching <paramref name="lose"/>
/// reaches the gateway (and takes effect there), but the client gets 503 with Retry-After instead, as when a proxy or
/// a timed-out cluster call drops the reply. Records what each request carried and when (on the test's clock).
/// </summary>
public sealed class LostAnswerHandler(TimeProvider time, TimeSpan retryAfter, Func<HttpRequestMessage, bool> lose) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly List<(DateTimeOffset At, HttpMethod Method, string Path, string? Body)> _requests = [];
    private bool _lost;

    public IReadOnlyList<(DateTimeOffset At, HttpMethod Method, string Path, string? Body)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_requests)
        {
            _requests.Add((time.GetUtcNow(), request.Method, request.RequestUri!.AbsolutePath, body));
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (_lost || !lose(request))
        {
            return response;
        }

        _lost = true;
        response.Dispose();
        var problem = new JsonObject { ["title"] = "Cluster unavailable", ["status"] = 503, ["detail"] = "The cluster did not answer in time; retry." };
        var lost = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            Content = new StringContent(problem.ToJsonString(), Encoding.UTF8, "application/problem+json"),
            RequestMessage = request,
        };
        lost.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter);
        return lost;
    }
}
