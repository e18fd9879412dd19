using System.Globalization;
using Aitbc.Orleans.Gateway.Jobs;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>
/// Holds each job submission's place in <see cref="SubmissionAdmission"/> for the whole request (its wait included),
/// and answers 503 with Retry-After when none is free, before the body is read or any grain is called: a refusal must
/// cost the gateway almost nothing, or refusing under overload adds to the load it sheds.
/// </summary>
public sealed class SubmissionAdmissionMiddleware(RequestDelegate next, SubmissionAdmission admission, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetEndpoint()?.Metadata.GetMetadata<SubmissionAdmissionMetadata>() is null)
        {
            await next(context);
            return;
        }

        if (!admission.TryEnter())
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = ((int)SubmissionAdmission.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Gateway at capacity",
                    Detail = admission.RefusalDetail,
                },
            });
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            admission.Leave();
        }
    }
}
