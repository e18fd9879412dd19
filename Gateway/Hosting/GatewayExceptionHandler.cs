using System.Text.Json;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Storage;
using Aitbc.Orleans.Trust;
using Orleans.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>
/// Maps every refusal the gateway knows to an RFC 7807 problem with the right 4xx status, and a cluster or store that
/// does not answer to 503 with Retry-After (nothing was accepted, so the request may be repeated), so no malformed
/// request and no outage surfaces as a 500. Unknown exceptions stay 500s: they are bugs.
/// </summary>
public sealed class GatewayExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true; // the client left; there is nobody to answer
        }

        var problem = Describe(exception);
        if (problem is null || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        if (httpContext.Response.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails? Describe(Exception exception) => exception switch
    {
        GatewayRequestException g => Problem(StatusOf(g.Kind), g.Title, g.Message, g.Errors),
        JobRejectedException { Kind: JobRejection.UnknownModel } j => Problem(StatusCodes.Status404NotFound, "Not found", j.Message),
        JobRejectedException { Kind: JobRejection.QuoteRejected } j => Problem(StatusCodes.Status409Conflict, "Quote rejected", j.Message),
        JobRejectedException { Kind: JobRejection.InsufficientFunds } j => Problem(StatusCodes.Status402PaymentRequired, "Insufficient funds", j.Message),
        JobRejectedException j => Problem(StatusCodes.Status400BadRequest, "The request is invalid", j.Message),
        BadHttpRequestException b => Problem(b.StatusCode, "Bad request", b.Message),
        JsonException => Problem(StatusCodes.Status400BadRequest, "Malformed JSON", "The body is not valid JSON for this request."),
        UnauthorizedAccessException u => Problem(StatusCodes.Status403Forbidden, "Forbidden", u.Message),
        // The cluster's authorization filter refused the call the request needed: the caller may not do this.
        CallDeniedException d => Problem(StatusCodes.Status403Forbidden, "Forbidden", d.Message),
        ArgumentException a => Problem(StatusCodes.Status400BadRequest, "The request is invalid", a.Message),
        StorageUnavailableException or InconsistentStateException => Problem(
            StatusCodes.Status503ServiceUnavailable, "Storage unavailable", "The cluster could not store the request, so nothing was accepted; retry."),
        TimeoutException or OrleansException => Problem(StatusCodes.Status503ServiceUnavailable, "Cluster unavailable", "The cluster did not answer in time; retry."),
        _ => null,
    };

    /// <summary>What a 503 asks the client to wait before retrying.</summary>
    public const int RetryAfterSeconds = 1;

    public static int StatusOf(FailureKind kind) => kind switch
    {
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        FailureKind.PaymentRequired => StatusCodes.Status402PaymentRequired,
        FailureKind.Forbidden => StatusCodes.Status403Forbidden,
        FailureKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        FailureKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        FailureKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };

    private static ProblemDetails Problem(int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        if (errors is { Count: > 0 })
        {
            return new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value)) { Status = status, Title = title, Detail = detail };
        }

        return new ProblemDetails { Status = status, Title = title, Detail = detail };
    }
}
