using Aitbc.Orleans;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>
/// OpenTelemetry for every process: Orleans meters and the project's "Aitbc" meter, traces that follow grain calls
/// (Orleans activity propagation), a Prometheus scrape endpoint, and an OTLP exporter when Aitbc:Otlp:Endpoint is set.
/// </summary>
public static class ObservabilityExtensions
{
    public static WebApplicationBuilder AddAitbcObservability(this WebApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var otlp = builder.Configuration["Aitbc:Otlp:Endpoint"];
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("Microsoft.Orleans", AitbcConstants.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter();
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", AitbcConstants.ActivitySourceName)
                    .AddAspNetCoreInstrumentation();
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
            });
        return builder;
    }
}
