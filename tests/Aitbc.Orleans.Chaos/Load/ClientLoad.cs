using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Aitbc.Orleans.Chaos.Load;

/// <summary>
/// Concurrent clients submitting jobs through the HTTP gateway as the SDK does: each job under a fresh idempotency key,
/// retried with the same key and body after a 503/429 (after its Retry-After), a 500 or no answer, until the gateway
/// names the job; then the job is followed until it ends. Stopping ends the submission of new keys; the keys in hand
/// are carried to their end.
/// </summary>
internal sealed class ClientLoad
{
    /// <summary>How long one key is retried, and one job followed, before the client gives up on it.</summary>
    public static readonly TimeSpan PerKeyLimit = TimeSpan.FromMinutes(3);

    private readonly HttpClient _http;
    private readonly string _modelId;
    private readonly ConcurrentBag<KeyRecord> _records = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;

    private ClientLoad(HttpClient http, string modelId, int clients)
    {
        _http = http;
        _modelId = modelId;
        _workers = Enumerable.Range(0, clients).Select(i => Task.Run(() => Worker(i))).ToArray();
    }

    public IReadOnlyCollection<KeyRecord> Records => _records;

    public static ClientLoad Start(HttpClient http, string modelId, int clients) => new(http, modelId, clients);

    /// <summary>Stops taking new keys and waits until every key in hand has an answer and its job has ended (or its limit).</summary>
    public async Task<IReadOnlyCollection<KeyRecord>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        return _records;
    }

    /// <summary>One submission under <paramref name="key"/>, retried as a client would, then followed to its end.</summary>
    public static async Task Submit(HttpClient http, string modelId, KeyRecord record, int index)
    {
        var deadline = DateTimeOffset.UtcNow + PerKeyLimit;
        var body = Body(modelId, record.Key, index);
        string? jobId = null;
        while (jobId is null && DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                using var content = JsonContent.Create(body);
                using var response = await http.PostAsync("/v1/jobs?wait=10", content);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    var job = await response.Content.ReadFromJsonAsync<JsonObject>();
                    jobId = job?["jobId"]?.GetValue<string>();
                    record.Answer(status, jobId);
                    if (job is not null && IsTerminal(job))
                    {
                        Settle(record, job);
                        return;
                    }

                    continue;
                }

                record.Answer(status, null);
                if (status == 503 && response.Headers.RetryAfter is null)
                {
                    record.UnhintedUnavailable++;
                }

                if (status is 503 or 429 or 502 or 504 or 500)
                {
                    await Task.Delay(RetryAfter(response));
                    continue;
                }

                record.Refused = $"{status}: {await response.Content.ReadAsStringAsync()}";
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                record.Answer(0, null);
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }

        if (jobId is not null)
        {
            await Follow(http, record, jobId, deadline);
        }
    }

    /// <summary>Reads the job until it ends (or the deadline); a 404 for a job the gateway named marks it vanished.</summary>
    public static async Task Follow(HttpClient http, KeyRecord record, string jobId, DateTimeOffset deadline)
    {
        var notFound = 0;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync($"/v1/jobs/{jobId}");
                if (response.StatusCode == HttpStatusCode.NotFound && ++notFound >= 5)
                {
                    record.Vanished = true;
                    return;
                }

                if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<JsonObject>() is { } job && IsTerminal(job))
                {
                    Settle(record, job);
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                // The gateway or a silo is down for a moment: keep reading.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private async Task Worker(int client)
    {
        var n = 0;
        while (!_stop.IsCancellationRequested)
        {
            var record = new KeyRecord($"chaos-{client}-{n++}-{Guid.NewGuid():N}", DateTimeOffset.UtcNow);
            _records.Add(record);
            await Submit(_http, _modelId, record, client * 100_003 + n);
        }
    }

    private static object Body(string modelId, string key, int index)
    {
        // Clients spread over the world, so every rig's region sees work.
        var lat = Math.Round(-50 + index * 37 % 110 + 0.5, 2);
        var lon = Math.Round(-170 + index * 71 % 340 + 0.5, 2);
        return new
        {
            modelId,
            latencyClass = "standard",
            client = new { lat, lon },
            maxPrice = 0.01m,
            idempotencyKey = key,
            inputs = new { input = new { type = "float32", shape = new[] { 1, 16 }, data = new float[16] } },
        };
    }

    private static bool IsTerminal(JsonObject job) => job["status"]?.GetValue<string>() is "completed" or "failed" or "cancelled";

    private static void Settle(KeyRecord record, JsonObject job)
    {
        record.Terminal = job["status"]!.GetValue<string>();
        record.Finished = DateTimeOffset.UtcNow;
        record.Charged = job["priceCharged"]?.GetValue<decimal>() ?? 0m;
        record.AttemptOutcomes = job["attempts"]?.AsArray().Select(a => a?["outcome"]?.GetValue<string>() ?? "").ToArray() ?? [];
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var after = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(500);
        return after < TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : after > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : after;
    }
}
