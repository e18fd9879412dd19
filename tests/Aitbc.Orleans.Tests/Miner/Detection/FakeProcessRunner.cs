using Aitbc.Orleans.Miner.Detection;

namespace Aitbc.Orleans.Tests.Miner.Detection;

/// <summary>Answers tool runs from a table keyed by "tool arg1 arg2…" or by tool name alone; anything else is "not found".</summary>
internal sealed class FakeProcessRunner : IProcessRunner
{
    private readonly Dictionary<string, Func<ProcessResult>> _answers = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    public FakeProcessRunner Returns(string command, string stdout, int exitCode = 0)
    {
        _answers[command] = () => new ProcessResult(ProcessOutcome.Exited, exitCode, stdout);
        return this;
    }

    public FakeProcessRunner Returns(string command, ProcessResult result)
    {
        _answers[command] = () => result;
        return this;
    }

    public FakeProcessRunner Throws(string command, Exception exception)
    {
        _answers[command] = () => throw exception;
        return this;
    }

    public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var full = string.Join(' ', new[] { fileName }.Concat(arguments));
        lock (Calls)
        {
            Calls.Add(full);
        }

        if (_answers.TryGetValue(full, out var exact) || _answers.TryGetValue(fileName, out exact))
        {
            return Task.FromResult(exact());
        }

        return Task.FromResult(ProcessResult.NotFound);
    }
}
