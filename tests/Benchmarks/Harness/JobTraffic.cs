using System.Net;
using System.Security.Cryptography;
using System.Text;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Onnx.Building;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// What the job benchmarks send to an HTTP gateway: the demo model's job (POST /v1/jobs?wait=30, counted only when it
/// answers 200 with a completed job) and the baseline GET /health/ready, over one pooled client with an API key.
/// </summary>
public sealed class JobTraffic : IDisposable
{
    private readonly HttpClient _http;
    private readonly byte[] _body;
    private long _refusedAtCapacity;

    public JobTraffic(Uri address, string apiKey)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 4096,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectCallback = Connections.ConnectAsync,
        })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var demo = DemoModels.Default;
        var data = string.Join(",", Enumerable.Range(1, demo.InputDim));
        var tensor = $"{{\"type\":\"float32\",\"shape\":[1,{demo.InputDim}],\"data\":[{data}]}}";
        _body = Encoding.UTF8.GetBytes(
            $"{{\"modelId\":\"{DemoModelId}\",\"latencyClass\":\"standard\",\"client\":{{\"lat\":50.11,\"lon\":8.68}},\"maxPrice\":0.01,\"inputs\":{{\"{demo.InputName}\":{tensor}}}}}");
    }

    /// <summary>The connections the client opened, and how long each took to connect.</summary>
    public ConnectionStats Connections { get; } = new();

    /// <summary>The demo model's content-addressed id.</summary>
    public static string DemoModelId { get; } = ModelStore.ModelIdFor(Convert.ToHexStringLower(SHA256.HashData(DemoModels.Default.ModelBytes)));

    /// <summary>
    /// Submissions the gateway shed with 503 "Gateway at capacity" (its bound of submissions in progress was full, and
    /// nothing was accepted): each also fails its operation, so a scenario can tell shedding from other failures.
    /// </summary>
    public long RefusedAtCapacity => Interlocked.Read(ref _refusedAtCapacity);

    /// <summary>POST /v1/jobs?wait=30 with the demo model; succeeds only on 200 with a completed job.</summary>
    public async Task SubmitJob(long index)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var content = new ByteArrayContent(_body);
        content.Headers.ContentType = new("application/json");
        using var response = await _http.PostAsync("/v1/jobs?wait=30", content);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || !text.Contains("\"status\":\"completed\"", StringComparison.Ordinal))
        {
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && text.Contains("Gateway at capacity", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _refusedAtCapacity);
            }

            throw new InvalidOperationException($"{(int)response.StatusCode}: {text[..Math.Min(200, text.Length)]}");
        }

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        SlowJobs.Record(started, elapsed.TotalMilliseconds, elapsed > SlowJobThreshold, text);
    }

    /// <summary>Jobs slower than this, from the request's own start, are sampled in <see cref="SlowJobs"/>.</summary>
    public static TimeSpan SlowJobThreshold { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Where the slow jobs' time went.</summary>
    public SlowJobSample SlowJobs { get; private set; } = new();

    /// <summary>Starts a fresh sample of slow jobs: only jobs sent from now on count.</summary>
    public void ResetSlowJobs() => SlowJobs = new();

    /// <summary>GET /health/ready: a grain call through the same Kestrel.</summary>
    public async Task Health(long index)
    {
        using var response = await _http.GetAsync("/health/ready");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"/health/ready answered {(int)response.StatusCode}");
        }
    }

    public void Dispose() => _http.Dispose();
}
