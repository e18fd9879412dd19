using Aitbc.Orleans;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>
/// OpenTelemetry for every process: Orleans meters and the project's "Aitbc" meter with a Prometheus scrape endpoint,
/// and, when Aitbc:Otlp:Endpoint is set, an OTLP exporter for them and for traces that follow grain calls (Orleans
/// activity propagation). Without an exporter no tracer listens: a listener would make every request and every grain
/// call (about 30 per job, each on both sides) record an activity that nothing reads.
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
        var telemetry = builder.Services.AddOpenTelemetry()
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
            });
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", AitbcConstants.ActivitySourceName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        }

        return builder;
    }
}
