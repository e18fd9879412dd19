using System.Globalization;
using Aitbc.Orleans.Sdk.Contracts;

namespace Aitbc.Orleans.Cli.Output;

/// <summary>
/// Progress of a long wait or an upload, on standard error. On a terminal: one line redrawn in place, with a spinner
/// and the elapsed time ticking even when nothing changes. Redirected: plain lines, one per status change and per
/// tenth of an upload, so logs stay readable.
/// </summary>
public sealed class ProgressDisplay : IProgress<Job>, IProgress<TransferProgress>, IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);
    private const string Spinner = "|/-\\";

    private readonly CliConsole _console;
    private readonly string _label;
    private readonly long _started;
    private readonly ITimer? _timer;
    private readonly Lock _gate = new();
    private string _text = "";
    private JobStatus? _lastStatus;
    private int _lastTenth = -1;
    private int _frame;
    private int _drawnWidth;
    private bool _done;

    public ProgressDisplay(CliConsole console, string label)
    {
        _console = console;
        _label = label;
        _started = console.TimeProvider.GetTimestamp();
        if (console.ErrorIsTerminal)
        {
            _timer = console.TimeProvider.CreateTimer(_ => Redraw(), null, Tick, Tick);
        }
    }

    public void Report(Job value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = $"{_label} {value.JobId}: {value.Status.ToString().ToLowerInvariant()}" + (value.GpuId is { } gpu ? $" on {gpu}" : "");
        lock (_gate)
        {
            _text = text;
            if (_console.ErrorIsTerminal)
            {
                Redraw();
            }
            else if (value.Status != _lastStatus)
            {
                _console.Error.WriteLine(text);
            }

            _lastStatus = value.Status;
        }
    }

    public void Report(TransferProgress value)
    {
        var text = $"{_label}: {Describe(value)}";
        lock (_gate)
        {
            _text = text;
            if (_console.ErrorIsTerminal)
            {
                Redraw();
                return;
            }

            var tenth = value.TotalBytes is > 0 and var total ? (int)(value.BytesSent * 10 / total) : -1;
            if (tenth != _lastTenth)
            {
                _lastTenth = tenth;
                _console.Error.WriteLine(text);
            }
        }
    }

    /// <summary>"[##########..........]  50.0% (1.2/2.4 MiB)", or the amount sent when the length is unknown.</summary>
    public static string Describe(TransferProgress progress)
    {
        if (progress.TotalBytes is not > 0)
        {
            return Size(progress.BytesSent);
        }

        var total = progress.TotalBytes.Value;
        var fraction = Math.Clamp((double)progress.BytesSent / total, 0, 1);
        var filled = (int)(fraction * 20);
        var percent = (fraction * 100).ToString("F1", CultureInfo.InvariantCulture);
        return $"[{new string('#', filled)}{new string('.', 20 - filled)}] {percent,5}% ({Size(progress.BytesSent)} of {Size(total)})";
    }

    /// <summary>Bytes in B, KiB or MiB, whichever reads best.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB",
    };

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            if (_console.ErrorIsTerminal && !_done && _drawnWidth > 0)
            {
                _console.Error.WriteLine();
            }

            _done = true;
        }
    }

    private void Redraw()
    {
        lock (_gate)
        {
            if (_done || _text.Length == 0)
            {
                return;
            }

            var elapsed = _console.TimeProvider.GetElapsedTime(_started).TotalSeconds.ToString("F0", CultureInfo.InvariantCulture);
            var line = $"{Spinner[_frame++ % Spinner.Length]} {_text} ({elapsed} s)";
            // Pad over what the previous, possibly longer, line left behind.
            _console.Error.Write("\r" + line.PadRight(_drawnWidth));
            _console.Error.Flush();
            _drawnWidth = line.Length;
        }
    }
}
