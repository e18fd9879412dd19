using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Dashboards;

/// <summary>
/// The rigs of one dashboard test: registered test miners that keep heartbeating (at a temperature the test sets) so
/// their GPUs stay online however long the browser takes; disposing stops the loop and deregisters them.
/// </summary>
public sealed class DashboardWorld(IClusterClient client) : IAsyncDisposable
{
    private readonly TestMiners _miners = new(client);
    private readonly List<(TestMiner Miner, string[] Gpus)> _beating = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public double TemperatureC { get; set; } = 55;

    /// <summary>A funded, staked edge miner whose GPUs heartbeat from now on.</summary>
    public async Task<TestMiner> Edge(params GpuRegistration[] gpus)
    {
        var miner = await _miners.Start(gpus);
        Beat(miner, gpus);
        return miner;
    }

    /// <summary>Heartbeats these GPUs of a miner registered by the test itself.</summary>
    public void Beat(TestMiner miner, IReadOnlyList<GpuRegistration> gpus)
    {
        lock (_beating)
        {
            _beating.Add((miner, gpus.Select(g => g.GpuId).ToArray()));
        }

        _loop ??= Task.Run(Loop);
    }

    /// <summary>One heartbeat of every GPU now, at <see cref="TemperatureC"/>.</summary>
    public async Task BeatNow()
    {
        (TestMiner Miner, string[] Gpus)[] beating;
        lock (_beating)
        {
            beating = [.. _beating];
        }

        foreach (var (miner, gpus) in beating)
        {
            await miner.Heartbeat(gpus, TemperatureC);
        }
    }

    private async Task Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await BeatNow();
                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (OrleansException)
            {
                // A slow call on a loaded machine: the next beat tries again.
            }
            catch (TimeoutException)
            {
                // As above.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        await _miners.DisposeAsync();
        _stop.Dispose();
    }
}
