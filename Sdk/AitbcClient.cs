using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Aitbc.Orleans.Sdk.Contracts;
using Aitbc.Orleans.Sdk.Http;

namespace Aitbc.Orleans.Sdk;

/// <summary>
/// A typed client for the gateway's HTTP API (/v1): quotes, jobs (submit, submit and wait, get, cancel, list, watch as
/// Server-Sent Events) and models (upload with progress, list, get). Every refusal surfaces as an
/// <see cref="AitbcApiException"/> carrying the server's RFC 7807 problem. Answers 503 and 429 are retried after
/// their Retry-After (<see cref="AitbcClientOptions.MaxRetries"/>); submissions always carry an idempotency key, so a
/// retry never makes a second job. Thread-safe; one instance can serve a whole application.
/// </summary>
public sealed class AitbcClient : IDisposable
{
    private const string ApiKeyHeader = "X-Api-Key";
    private const int MaxProblemBytes = 1024 * 1024;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly AitbcClientOptions _options;
    private readonly string _base;

    /// <summary>A client with its own HttpClient.</summary>
    public AitbcClient(AitbcClientOptions? options = null)
        : this(new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(5) }) { Timeout = Timeout.InfiniteTimeSpan }, options, ownsHttp: true)
    {
    }

    /// <summary>
    /// A client over the caller's HttpClient (its handler, proxies, certificates). Its BaseAddress and default headers
    /// are not used: <see cref="AitbcClientOptions.BaseAddress"/> and <see cref="AitbcClientOptions.ApiKey"/> are; set its
    /// Timeout to infinite, or event streams and long uploads end when it passes.
    /// </summary>
    public AitbcClient(HttpClient http, AitbcClientOptions? options = null)
        : this(http, options, ownsHttp: false)
    {
    }

    private AitbcClient(HttpClient http, AitbcClientOptions? options, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _ownsHttp = ownsHttp;
        _options = options ?? new AitbcClientOptions();
        ArgumentNullException.ThrowIfNull(_options.BaseAddress);
        if (!_options.BaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("the gateway address must be absolute, e.g. http://localhost:8080", nameof(options));
        }

        _base = _options.BaseAddress.AbsoluteUri.TrimEnd('/');
    }

    public AitbcClientOptions Options => _options;

    // ---- quotes ------------------------------------------------------------------------------------------------------

    /// <summary>POST /v1/quotes: a price for one job, with every multiplier, valid until its expiry.</summary>
    public Task<Quote> CreateQuoteAsync(QuoteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendJsonAsync<Quote>(ApiRoutes.CreateQuote, ApiRoutes.CreateQuote.Url(), request, cancellationToken);
    }

    // ---- jobs --------------------------------------------------------------------------------------------------------

    /// <summary>POST /v1/jobs: submits and returns at once (the job is usually still running).</summary>
    public Task<Job> SubmitJobAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The key is fixed before the first attempt, so every retry names the same job.
        var keyed = request.IdempotencyKey is null ? request with { IdempotencyKey = NewIdempotencyKey() } : request;
        return SendJsonAsync<Job>(ApiRoutes.SubmitJob, ApiRoutes.SubmitJob.Url(), keyed, cancellationToken);
    }

    /// <summary>
    /// Submits, then follows the job's events until it ends or <paramref name="timeout"/> passes; returns the job as it
    /// then is (check <see cref="Job.IsTerminal"/>). <paramref name="progress"/> sees every status change.
    /// </summary>
    public async Task<Job> SubmitAndWaitAsync(JobRequest request, TimeSpan timeout, IProgress<Job>? progress = null, CancellationToken cancellationToken = default)
    {
        var job = await SubmitJobAsync(request, cancellationToken).ConfigureAwait(false);
        progress?.Report(job);
        return job.IsTerminal ? job : await WaitForJobAsync(job.JobId, timeout, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Follows a job's events until it ends or <paramref name="timeout"/> passes; returns the job as it then is.</summary>
    public async Task<Job> WaitForJobAsync(string jobId, TimeSpan timeout, IProgress<Job>? progress = null, CancellationToken cancellationToken = default)
    {
        using var deadline = new CancellationTokenSource(timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await foreach (var job in WatchJobAsync(jobId, linked.Token).ConfigureAwait(false))
            {
                progress?.Report(job);
                if (job.IsTerminal)
                {
                    return job;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Out of time: answer with the job as it is now.
        }

        return await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET /v1/jobs/{id}: status, outputs, GPU, region, pool, price and timings.</summary>
    public Task<Job> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<Job>(ApiRoutes.GetJob, ApiRoutes.GetJob.Url([jobId]), null, cancellationToken);

    /// <summary>DELETE /v1/jobs/{id}: cancels; a finished job is returned unchanged.</summary>
    public Task<Job> CancelJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<Job>(ApiRoutes.CancelJob, ApiRoutes.CancelJob.Url([jobId]), null, cancellationToken);

    // ---- bookings ----------------------------------------------------------------------------------------------------

    /// <summary>POST /v1/bookings: books a GPU (or a class in a region) for a window; the price is held at once.</summary>
    public Task<Booking> CreateBookingAsync(BookingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // As for jobs: one key for every attempt, so a retried booking is the same booking and is paid once.
        var keyed = request.IdempotencyKey is null ? request with { IdempotencyKey = NewIdempotencyKey() } : request;
        return SendJsonAsync<Booking>(ApiRoutes.CreateBooking, ApiRoutes.CreateBooking.Url(), keyed, cancellationToken);
    }

    /// <summary>GET /v1/bookings/{id}.</summary>
    public Task<Booking> GetBookingAsync(string bookingId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<Booking>(ApiRoutes.GetBooking, ApiRoutes.GetBooking.Url([bookingId]), null, cancellationToken);

    /// <summary>GET /v1/bookings: the caller's most recent bookings, newest first.</summary>
    public Task<IReadOnlyList<Booking>> ListBookingsAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<IReadOnlyList<Booking>>(ApiRoutes.ListBookings, ApiRoutes.ListBookings.Url(("limit", limit)), null, cancellationToken);

    /// <summary>DELETE /v1/bookings/{id}: cancels under the refund policy; an ended booking is returned unchanged.</summary>
    public Task<Booking> CancelBookingAsync(string bookingId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<Booking>(ApiRoutes.CancelBooking, ApiRoutes.CancelBooking.Url([bookingId]), null, cancellationToken);

    /// <summary>GET /v1/jobs: the caller's most recent jobs, newest first, without outputs.</summary>
    public Task<IReadOnlyList<Job>> ListJobsAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<IReadOnlyList<Job>>(ApiRoutes.ListJobs, ApiRoutes.ListJobs.Url(("limit", limit)), null, cancellationToken);

    /// <summary>
    /// GET /v1/jobs/{id}/events: the job now, then each change, ending after a terminal status. A stream that breaks
    /// before then is reopened (<see cref="AitbcClientOptions.MaxReconnects"/> times) and versions already seen are
    /// skipped, so every state is reported once and in order.
    /// </summary>
    public async IAsyncEnumerable<Job> WatchJobAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = -1;
        var failures = 0;
        while (true)
        {
            var response = await SendAsync(() => Request(ApiRoutes.JobEvents, ApiRoutes.JobEvents.Url([jobId]), accept: "text/event-stream"), _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var reader = new ServerSentEventReader(stream);
                    while (true)
                    {
                        ServerSentEvent? next;
                        try
                        {
                            next = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                        {
                            next = null; // a broken connection: reopen below
                        }

                        if (next is null)
                        {
                            break;
                        }

                        if (next.Event != "status" || JsonSerializer.Deserialize<Job>(next.Data, SdkJson.Options) is not { } job || job.Version <= seen)
                        {
                            continue;
                        }

                        seen = job.Version;
                        failures = 0;
                        yield return job;
                        if (job.IsTerminal)
                        {
                            yield break;
                        }
                    }
                }
            }

            if (++failures > _options.MaxReconnects)
            {
                throw new IOException($"the event stream of job {jobId} ended {failures} times before the job finished");
            }

            await Task.Delay(Backoff(failures - 1), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    // ---- private inference -------------------------------------------------------------------------------------------

    /// <summary>GET /v1/models/{id}/private-plan: how to encrypt for the model (a 422 problem says why a model cannot run privately).</summary>
    public Task<PrivatePlan> GetPrivatePlanAsync(string modelId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<PrivatePlan>(ApiRoutes.GetPrivatePlan, ApiRoutes.GetPrivatePlan.Url([modelId]), null, cancellationToken);

    /// <summary>
    /// POST /v1/private/jobs: submits an encrypted input with its evaluation keys (megabytes) and returns at once;
    /// <paramref name="upload"/> sees the bytes sent. Follow it with <see cref="WaitForJobAsync"/>.
    /// </summary>
    public async Task<Job> SubmitPrivateJobAsync(PrivateJobRequest request, IProgress<TransferProgress>? upload = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var keyed = request.IdempotencyKey is null ? request with { IdempotencyKey = NewIdempotencyKey() } : request;
        var body = JsonSerializer.SerializeToUtf8Bytes(keyed, SdkJson.Options);
        // No header timeout, as for model uploads: the body goes first, and megabytes take a while on a slow link.
        using var response = await SendAsync(() =>
        {
            var message = Request(ApiRoutes.SubmitPrivateJob, ApiRoutes.SubmitPrivateJob.Url());
            message.Content = new ProgressContent(new MemoryStream(body, writable: false), body.Length, upload);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return message;
        }, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync<Job>(response, cancellationToken).ConfigureAwait(false);
    }

    // ---- models ------------------------------------------------------------------------------------------------------

    /// <summary>POST /v1/models with the file's bytes; <paramref name="progress"/> sees the bytes sent.</summary>
    public Task<ModelUpload> UploadModelAsync(string path, string name, string? license = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var length = new FileInfo(path).Length;
        return UploadModelAsync(() => File.OpenRead(path), length, name, license, progress, cancellationToken);
    }

    /// <summary>POST /v1/models with these bytes.</summary>
    public Task<ModelUpload> UploadModelAsync(ReadOnlyMemory<byte> content, string name, string? license = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        UploadModelAsync(() => new MemoryStream(content.ToArray(), writable: false), content.Length, name, license, progress, cancellationToken);

    /// <summary>GET /v1/models: registered models, one page (pages count from 1).</summary>
    public Task<Paged<Model>> ListModelsAsync(int? page = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<Paged<Model>>(ApiRoutes.ListModels, ApiRoutes.ListModels.Url(("page", page), ("pageSize", pageSize)), null, cancellationToken);

    /// <summary>GET /v1/models/{id}.</summary>
    public Task<Model> GetModelAsync(string modelId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<Model>(ApiRoutes.GetModel, ApiRoutes.GetModel.Url([modelId]), null, cancellationToken);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>A fresh idempotency key: 128 random bits.</summary>
    public static string NewIdempotencyKey() => "sdk-" + Guid.NewGuid().ToString("N");

    private async Task<ModelUpload> UploadModelAsync(Func<Stream> open, long length, string name, string? license, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var path = ApiRoutes.UploadModel.Url(("name", name), ("license", license));
        // No header timeout: the body is sent before the answer's headers, and a large model on a slow link takes time.
        using var response = await SendAsync(() =>
        {
            var request = Request(ApiRoutes.UploadModel, path);
            // The gateway can refuse a model by its size or the caller's key before the body is sent: without this, a
            // refusal races the upload and often arrives as a broken connection instead of its problem details.
            request.Headers.ExpectContinue = true;
            request.Content = new ProgressContent(open(), length, progress);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return request;
        }, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        var model = await ReadJsonAsync<Model>(response, cancellationToken).ConfigureAwait(false);
        return new ModelUpload(model, response.StatusCode == HttpStatusCode.Created);
    }

    private async Task<T> SendJsonAsync<T>(ApiRoute route, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var request = Request(route, path);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, body.GetType(), options: SdkJson.Options);
            }

            return request;
        }, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(SdkJson.Options, cancellationToken).ConfigureAwait(false)
        ?? throw new AitbcApiException($"the gateway answered {(int)response.StatusCode} with an empty body");

    private HttpRequestMessage Request(ApiRoute route, string path, string accept = "application/json")
    {
        var request = new HttpRequestMessage(route.HttpMethod, new Uri(_base + path));
        request.Headers.Accept.ParseAdd(accept);
        if (_options.ApiKey is { Length: > 0 } key)
        {
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, key);
        }

        return request;
    }

    /// <summary>
    /// Sends a request made fresh for each attempt; returns a successful response (headers read, body not) or throws the
    /// problem. 503 and 429 are retried after Retry-After, or else an exponential back-off.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, TimeSpan headerTimeout, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = create();
            HttpResponseMessage response;
            using (var timeout = new CancellationTokenSource(headerTimeout, _options.TimeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"{request.Method} {request.RequestUri?.AbsolutePath} got no answer within {headerTimeout.TotalSeconds:0} s", ex);
                }
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            var retryAfter = RetryAfter(response);
            if (attempt < _options.MaxRetries && response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
            {
                var delay = retryAfter ?? Backoff(attempt);
                if (delay <= _options.MaxRetryDelay)
                {
                    response.Dispose();
                    await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            using (response)
            {
                throw await ProblemAsync(response, retryAfter, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _options.TimeProvider.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private TimeSpan Backoff(int attempt) => _options.RetryDelay * Math.Pow(2, Math.Min(attempt, 10));

    private static async Task<AitbcApiException> ProblemAsync(HttpResponseMessage response, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var text = await ReadCappedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        ApiProblem? problem = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType is { } media && media.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                problem = JsonSerializer.Deserialize<ApiProblem>(text, SdkJson.Options);
            }
            catch (JsonException)
            {
                // Not a problem document after all: described from the text below.
            }
        }

        problem ??= new ApiProblem
        {
            Status = (int)response.StatusCode,
            Title = response.ReasonPhrase ?? response.StatusCode.ToString(),
            Detail = text.Length > 500 ? text[..500] : text.Length == 0 ? null : text,
        };
        return new AitbcApiException(response.StatusCode, problem, retryAfter);
    }

    private static async Task<string> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxProblemBytes];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
        }
    }
}
