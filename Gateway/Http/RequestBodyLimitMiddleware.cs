using Aitbc.Orleans.Gateway.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>
/// Sets the server's body size limit per request: the model cap for the upload endpoint, the private job cap for
/// private submissions (ciphertexts and keys are megabytes), the general cap for everything else. Runs after routing (so it sees the endpoint) and before anything reads the body.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            var metadata = context.GetEndpoint()?.Metadata;
            feature.MaxRequestBodySize = metadata?.GetMetadata<ModelUploadMetadata>() is not null ? options.Value.MaxModelBytes
                : metadata?.GetMetadata<PrivateJobMetadata>() is not null ? options.Value.MaxPrivateJobBytes
                : options.Value.MaxRequestBodyBytes;
        }

        return next(context);
    }
}
