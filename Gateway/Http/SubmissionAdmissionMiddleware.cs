using System.Globalization;
using System.Text.Json;
using Aitbc.Orleans.Gateway.Jobs;
using Microsoft.AspNetCore.Mvc;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>
/// Holds each job submission's place in <see cref="SubmissionAdmission"/> for the whole request (its wait included),
/// and answers 503 with Retry-After when none is free. It runs before authentication, and the refusal is a problem
/// serialized once: a refusal must cost the gateway almost nothing, or refusing under overload adds to the load it
/// sheds (docs/BENCHMARKS.md, session 15: 0.44 ms of silo CPU a refusal after authentication and the problem writer).
/// </summary>
public sealed class SubmissionAdmissionMiddleware
{
    private readonly RequestDelegate _next;
    private readonly SubmissionAdmission _admission;
    private readonly byte[] _refusal;
    private readonly string _retryAfter = ((int)SubmissionAdmission.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    public SubmissionAdmissionMiddleware(RequestDelegate next, SubmissionAdmission admission)
    {
        ArgumentNullException.ThrowIfNull(admission);
        _next = next;
        _admission = admission;
        _refusal = JsonSerializer.SerializeToUtf8Bytes(new ProblemDetails
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            Title = "Gateway at capacity",
            Status = StatusCodes.Status503ServiceUnavailable,
            Detail = admission.RefusalDetail,
        }, JsonSerializerOptions.Web);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetEndpoint()?.Metadata.GetMetadata<SubmissionAdmissionMetadata>() is null)
        {
            await _next(context);
            return;
        }

        if (!_admission.TryEnter())
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = _retryAfter;
            context.Response.ContentType = "application/problem+json";
            context.Response.ContentLength = _refusal.Length;
            await context.Response.Body.WriteAsync(_refusal);
            return;
        }

        try
        {
            await _next(context);
        }
        finally
        {
            _admission.Leave();
        }
    }
}
