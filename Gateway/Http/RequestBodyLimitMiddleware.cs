using Aitbc.Orleans.Gateway.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>
/// Sets the server's body size limit per request: the model cap for the upload endpoint, the general cap for
/// everything else. Runs after routing (so it sees the endpoint) and before anything reads the body.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            var upload = context.GetEndpoint()?.Metadata.GetMetadata<ModelUploadMetadata>() is not null;
            feature.MaxRequestBodySize = upload ? options.Value.MaxModelBytes : options.Value.MaxRequestBodyBytes;
        }

        return next(context);
    }
}
