using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Telemetry;

/// <summary>
/// Downloads the gateway's probe block (GET /v1/cluster/probe, 4 MiB) now and then and times it into the
/// <see cref="BandwidthMeter"/>, so a rig that has not downloaded a model lately still reports its link's rate.
/// </summary>
public sealed class BandwidthProbe(HttpClient http, Uri gateway, BandwidthMeter meter, ILogger<BandwidthProbe> logger)
{
    public static Uri ProbeUri(Uri gateway) => new(gateway, "v1/cluster/probe");

    /// <summary>One timed download; false (and a debug line) when the gateway could not be reached.</summary>
    public async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(ProbeUri(gateway), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[64 * 1024];
            var transfer = meter.Start();
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                transfer.Add(read);
            }

            transfer.Finish();
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogDebug("Bandwidth probe to {Gateway} failed: {Error}", gateway, ex.Message);
            return false;
        }
    }

    /// <summary>Probes at once and then every interval until stopped.</summary>
    public async Task RunAsync(TimeSpan interval, TimeProvider time, CancellationToken stop)
    {
        try
        {
            await ProbeAsync(stop);
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(stop))
            {
                await ProbeAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // stopping
        }
    }
}
