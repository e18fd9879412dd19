namespace Aitbc.Orleans.Benchmarks.Grains;

public sealed class IdleGrain : Grain, IIdleGrain
{
    public Task Touch() => Task.CompletedTask;
}
