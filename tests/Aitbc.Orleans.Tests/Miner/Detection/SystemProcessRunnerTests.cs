using Aitbc.Orleans.Miner.Detection;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Detection;

public sealed class SystemProcessRunnerTests
{
    private readonly SystemProcessRunner _runner = new();

    [Fact]
    public async Task Missing_executable_is_not_found_not_an_exception()
    {
        var result = await _runner.RunAsync("aitbc-no-such-tool-4f1c", ["--version"], TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(ProcessOutcome.NotFound, result.Outcome);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Missing_absolute_path_is_not_found()
    {
        var result = await _runner.RunAsync("/nonexistent/dir/nvidia-smi", [], TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(ProcessOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task Captures_stdout_and_exit_code()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Uses sh.");

        var result = await _runner.RunAsync("sh", ["-c", "printf 'a, b\\n'; echo oops >&2; exit 3"], TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(ProcessOutcome.Exited, result.Outcome);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("a, b\n", result.StandardOutput);
    }

    [Fact]
    public async Task Timeout_kills_the_tool_and_keeps_what_it_printed()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Uses sh.");

        var started = DateTime.UtcNow;
        var result = await _runner.RunAsync("sh", ["-c", "echo first line; sleep 30"], TimeSpan.FromMilliseconds(700), TestContext.Current.CancellationToken);

        Assert.Equal(ProcessOutcome.TimedOut, result.Outcome);
        Assert.Equal("first line\n", result.StandardOutput);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Sets_c_locale_so_decimals_parse()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Uses sh.");

        var result = await _runner.RunAsync("sh", ["-c", "echo $LC_ALL"], TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal("C\n", result.StandardOutput);
    }
}
