using Aitbc.Orleans.Operations;
using Orleans.Concurrency;

namespace Aitbc.Orleans.Operations;

[StatelessWorker]
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value + 1);
}
