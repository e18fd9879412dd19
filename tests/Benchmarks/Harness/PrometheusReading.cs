using System.Globalization;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// The samples of some processes' Prometheus /metrics pages at one moment, summed over the processes by series (name and
/// labels), so that two readings subtract into what happened between them: messages between silos, job steps.
/// </summary>
public sealed class PrometheusReading(IReadOnlyDictionary<string, double> series)
{
    public IReadOnlyDictionary<string, double> Series { get; } = series;

    public static async Task<PrometheusReading> ReadAsync(HttpClient http, IEnumerable<Uri> metricsPages)
    {
        ArgumentNullException.ThrowIfNull(http);
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var page in metricsPages)
        {
            foreach (var line in (await http.GetStringAsync(page)).Split('\n'))
            {
                // "name{labels} value [timestamp]"; comments and blank lines carry no sample.
                var cut = line.LastIndexOf('}') is var brace and >= 0 ? line.IndexOf(' ', brace) : line.IndexOf(' ');
                if (line.Length == 0 || line[0] == '#' || cut <= 0)
                {
                    continue;
                }

                var value = line[(cut + 1)..].Split(' ')[0];
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var sample))
                {
                    var key = line[..cut];
                    sums[key] = sums.GetValueOrDefault(key) + sample;
                }
            }
        }

        return new PrometheusReading(sums);
    }

    /// <summary>A series' metric name: what precedes its labels.</summary>
    public static string NameOf(string series) => series.Split('{')[0];

    /// <summary>The value of the label <paramref name="label"/> in a series' key, or null when it has none.</summary>
    public static string? LabelOf(string series, string label)
    {
        ArgumentNullException.ThrowIfNull(series);
        var start = series.IndexOf(label + "=\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += label.Length + 2;
        return series[start..series.IndexOf('"', start)];
    }

    /// <summary>Each series' growth since <paramref name="earlier"/>, for the series whose name starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyDictionary<string, double> Since(PrometheusReading earlier, string prefix)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return Series.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(s => s.Key, s => s.Value - earlier.Series.GetValueOrDefault(s.Key), StringComparer.Ordinal);
    }
}
