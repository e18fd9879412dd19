using Aitbc.Orleans.Gateway.Jobs;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Pricing;
using Grpc.Core;
using Microsoft.Extensions.Options;
using V1 = Aitbc.Orleans.Gateway.Rpc.V1;

namespace Aitbc.Orleans.Gateway.Rpc;

/// <summary>The gRPC face of <see cref="JobService"/>; refusals become gRPC statuses in <see cref="RpcExceptionInterceptor"/>.</summary>
public sealed class JobsRpcService(JobService jobs, SubmissionAdmission admission, IOptions<PricingOptions> pricing) : V1.Jobs.JobsBase
{
    /// <summary>gRPC's retry pushback (the client waits this many milliseconds before it retries), the Retry-After of the HTTP refusal.</summary>
    private const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    private string Currency => pricing.Value.Currency;

    public override async Task<V1.QuoteReply> Quote(V1.QuoteRequest request, ServerCallContext context)
    {
        var quote = await jobs.QuoteAsync(CallerOf(context), RpcMapping.ToBody(request));
        return RpcMapping.ToReply(quote);
    }

    public override async Task<V1.Job> Submit(V1.SubmitRequest request, ServerCallContext context)
    {
        if (!admission.TryEnter())
        {
            throw new RpcException(
                new Status(StatusCode.Unavailable, $"Gateway at capacity: {admission.RefusalDetail}"),
                new Metadata { { RetryPushbackTrailer, ((int)SubmissionAdmission.RetryAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        }

        try
        {
            var errors = new ValidationErrors();
            var draft = RpcMapping.ToDraft(request, errors);
            var inputs = RpcMapping.ToInputs(request, errors);
            var submitted = await jobs.SubmitAsync(CallerOf(context), draft, inputs, errors);
            return RpcMapping.ToJob(submitted.View, Currency);
        }
        finally
        {
            admission.Leave();
        }
    }

    public override async Task<V1.Job> Get(V1.JobRef request, ServerCallContext context) =>
        RpcMapping.ToJob(await jobs.GetAsync(CallerOf(context), request.JobId), Currency);

    public override async Task<V1.Job> Cancel(V1.JobRef request, ServerCallContext context) =>
        RpcMapping.ToJob(await jobs.CancelAsync(CallerOf(context), request.JobId), Currency);

    public override async Task Watch(V1.JobRef request, IServerStreamWriter<V1.Job> responseStream, ServerCallContext context)
    {
        JobView? sent = null;
        await foreach (var view in jobs.WatchAsync(CallerOf(context), request.JobId, context.CancellationToken))
        {
            if (JobService.IsNews(view, sent))
            {
                sent = view;
                await responseStream.WriteAsync(RpcMapping.ToJob(view, Currency), context.CancellationToken);
            }
        }
    }

    private static Caller CallerOf(ServerCallContext context) => Caller.From(context.GetHttpContext().User);
}
