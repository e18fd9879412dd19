using Aitbc.Orleans.Cli;
using Aitbc.Orleans.Cli.Output;
using Aitbc.Orleans.Sdk.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace Aitbc.Orleans.Tests.Cli;

/// <summary>Progress on a terminal (one line redrawn, ticking) and redirected (plain lines, no repeats).</summary>
public sealed class ProgressDisplayTests
{
    [Fact]
    public void On_a_terminal_one_line_is_redrawn_in_place_and_keeps_ticking_while_nothing_changes()
    {
        var time = new FakeTimeProvider();
        using var error = new StringWriter();
        var console = new CliConsole(TextWriter.Null, error, TextReader.Null, ErrorIsTerminal: true, _ => null) { TimeProvider = time };

        using (var progress = new ProgressDisplay(console, "job"))
        {
            progress.Report(new Job { JobId = "j-1", Status = JobStatus.Dispatched, GpuId = "gpu-1" });
            time.Advance(TimeSpan.FromSeconds(3));
            progress.Report(new Job { JobId = "j-1", Status = JobStatus.Completed });
        }

        var text = error.ToString();
        Assert.Contains("\r| job j-1: dispatched on gpu-1 (0 s)", text, StringComparison.Ordinal);
        // The timer redrew the line while the job sat dispatched; the elapsed time moved on.
        Assert.Contains("job j-1: dispatched on gpu-1 (3 s)", text, StringComparison.Ordinal);
        Assert.Contains("job j-1: completed (3 s)", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text.TrimEnd('\n'));
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Redirected_each_status_change_is_one_line_and_an_upload_one_line_per_tenth()
    {
        using var error = new StringWriter();
        var console = new CliConsole(TextWriter.Null, error, TextReader.Null, ErrorIsTerminal: false, _ => null);

        using (var progress = new ProgressDisplay(console, "job"))
        {
            progress.Report(new Job { JobId = "j-2", Status = JobStatus.Routed });
            progress.Report(new Job { JobId = "j-2", Status = JobStatus.Routed });
            progress.Report(new Job { JobId = "j-2", Status = JobStatus.Failed });
        }

        Assert.Equal(["job j-2: routed", "job j-2: failed"], error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));

        using var uploads = new StringWriter();
        using (var progress = new ProgressDisplay(console with { Error = uploads }, "upload"))
        {
            for (var sent = 0L; sent <= 1000; sent += 50)
            {
                progress.Report(new TransferProgress(sent, 1000));
            }
        }

        var lines = uploads.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length);
        Assert.Equal("upload: [##########..........]  50.0% (500 B of 1000 B)", lines[5]);
        Assert.Equal("[#####...............]  25.0% (1.5 MiB of 6.0 MiB)", ProgressDisplay.Describe(new TransferProgress(3 * 524288, 6 * 1048576)));
        Assert.Equal("2.0 KiB", ProgressDisplay.Describe(new TransferProgress(2048, null)));
    }
}
