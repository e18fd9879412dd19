using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Tests.Miner.Inference;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Aitbc.Orleans.Tests.Miner.Daemon;

public sealed class DeferredAcknowledgementTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(200);

    private readonly FakeTimeProvider _time = new();
    private int _sent;

    [Fact]
    public async Task A_run_that_reports_within_the_window_is_never_acknowledged_separately()
    {
        using var ack = await StartCounting();

        _time.Advance(Window / 2);
        ack!.Settle();
        _time.Advance(Window * 10);

        Assert.Equal(0, _sent);
    }

    [Fact]
    public async Task A_run_that_outlasts_the_window_is_acknowledged_once_when_it_ends()
    {
        using var ack = await StartCounting();

        _time.Advance(Window - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _sent);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _sent);

        // The report that follows does not acknowledge again, and nothing fires later.
        ack!.Settle();
        _time.Advance(Window * 10);
        Assert.Equal(1, _sent);
    }

    [Fact]
    public async Task A_zero_window_acknowledges_before_the_run_starts_and_passes_on_a_failure_to_reach_the_cluster()
    {
        var ack = await StartCounting(TimeSpan.Zero);

        Assert.Null(ack);
        Assert.Equal(1, _sent);
        await Assert.ThrowsAsync<TimeoutException>(() => DeferredAcknowledgement.StartAsync(
            _time, TimeSpan.Zero, () => throw new TimeoutException("no cluster"), NullLogger.Instance, "j4"));
    }

    [Fact]
    public async Task A_failed_deferred_acknowledgement_is_logged_once_and_the_run_goes_on()
    {
        var logger = new CapturingLogger<JobRunner>();
        var attempts = 0;
        using var ack = await DeferredAcknowledgement.StartAsync(_time, Window, () =>
        {
            Interlocked.Increment(ref attempts);
            return Task.FromException(new TimeoutException("no cluster"));
        }, logger, "j5");

        _time.Advance(Window);
        _time.Advance(Window * 10);

        Assert.Equal(1, attempts);
        var warning = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("j5", warning.Message);
        Assert.Contains("no cluster", warning.Message);
    }

    [Theory]
    [InlineData(200, 30_000, 200)] // the cluster's default: the daemon's own window
    [InlineData(200, 500, 50)] // a tight cluster: a tenth of its timeout
    [InlineData(200, 0, 0)] // an assignment that names no timeout: at once
    [InlineData(0, 30_000, 0)] // the daemon set to acknowledge at once
    public void The_window_is_the_daemons_setting_capped_at_a_tenth_of_the_clusters_timeout(int configuredMs, int clusterMs, int expectedMs) =>
        Assert.Equal(
            TimeSpan.FromMilliseconds(expectedMs),
            DeferredAcknowledgement.WindowFor(TimeSpan.FromMilliseconds(configuredMs), TimeSpan.FromMilliseconds(clusterMs)));

    /// <summary>A deferred acknowledgement on the fake clock whose sends <see cref="_sent"/> counts.</summary>
    private Task<DeferredAcknowledgement?> StartCounting(TimeSpan? window = null) =>
        DeferredAcknowledgement.StartAsync(_time, window ?? Window, () => Task.FromResult(Interlocked.Increment(ref _sent)), NullLogger.Instance, "job-1");
}
