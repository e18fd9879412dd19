using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Tests.Miner.Detection;

/// <summary>Captures log lines so tests can assert what was logged and at which level.</summary>
internal sealed class RecordingLogger : ILogger<Aitbc.Orleans.Miner.Detection.GpuDetectionService>
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_entries)
            {
                return _entries.Select(e => e.Message).ToList();
            }
        }
    }

    public IReadOnlyList<LogLevel> Levels
    {
        get
        {
            lock (_entries)
            {
                return _entries.Select(e => e.Level).ToList();
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
