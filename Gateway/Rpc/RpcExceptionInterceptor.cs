using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Storage;
using Orleans.Storage;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Aitbc.Orleans.Gateway.Rpc;

/// <summary>Turns the gateway's refusals into gRPC statuses with the same messages the HTTP problems carry.</summary>
public sealed class RpcExceptionInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ToStatus(ex) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ToStatus(ex) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public static Status? ToStatus(Exception exception) => exception switch
    {
        GatewayRequestException g => new Status(CodeOf(g.Kind), Describe(g)),
        StorageUnavailableException or InconsistentStateException => new Status(
            StatusCode.Unavailable, "The cluster could not store the request, so nothing was accepted; retry."),
        TimeoutException or OrleansException => new Status(StatusCode.Unavailable, "The cluster did not answer in time; retry."),
        _ => null,
    };

    private static StatusCode CodeOf(FailureKind kind) => kind switch
    {
        FailureKind.NotFound => StatusCode.NotFound,
        FailureKind.Conflict or FailureKind.PaymentRequired => StatusCode.FailedPrecondition,
        FailureKind.Forbidden => StatusCode.PermissionDenied,
        FailureKind.PayloadTooLarge => StatusCode.ResourceExhausted,
        FailureKind.Unprocessable => StatusCode.FailedPrecondition,
        _ => StatusCode.InvalidArgument,
    };

    private static string Describe(GatewayRequestException g) =>
        g.Errors is { Count: > 0 } errors
            ? $"{g.Title}: " + string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")))
            : $"{g.Title}: {g.Message}";
}
