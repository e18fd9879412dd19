namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// A silo lifecycle that only records who subscribes, so that a test can start and stop one participant by itself
/// (outside a silo's own start and stop) and see what its stop waits for.
/// </summary>
public sealed class RecordingSiloLifecycle : ISiloLifecycle
{
    private readonly List<(string Name, int Stage, ILifecycleObserver Observer)> _observers = [];

    public int HighestCompletedStage => int.MinValue;

    public int LowestStoppedStage => int.MaxValue;

    public IReadOnlyList<(string Name, int Stage, ILifecycleObserver Observer)> Observers => _observers;

    public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
    {
        _observers.Add((observerName, stage, observer));
        return new Subscription(() => _observers.RemoveAll(o => ReferenceEquals(o.Observer, observer)));
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
