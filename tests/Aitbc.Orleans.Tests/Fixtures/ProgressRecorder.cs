namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>An IProgress that records every report on the reporting thread (Progress&lt;T&gt; would post them elsewhere, later).</summary>
public sealed class ProgressRecorder<T> : IProgress<T>
{
    private readonly List<T> _reports = [];

    public IReadOnlyList<T> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(T value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}
