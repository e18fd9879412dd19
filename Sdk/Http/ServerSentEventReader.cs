using System.Text;

namespace Aitbc.Orleans.Sdk.Http;

/// <summary>
/// Parses a text/event-stream as the HTML Living Standard defines it: lines end in \n, \r\n or \r; "field: value"
/// (one space after the colon is dropped); lines starting with ':' are comments (keep-alives); data lines accumulate;
/// a blank line dispatches the event if it has data. Lines longer than <see cref="MaxLineLength"/> are an error, so a
/// hostile server cannot grow memory without bound.
/// </summary>
public sealed class ServerSentEventReader(Stream stream)
{
    public const int MaxLineLength = 16 * 1024 * 1024;

    private readonly StreamReader _reader = new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
    private readonly Memory<char> _one = new char[1];
    private string? _lastId;
    private bool _afterCarriageReturn;

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async Task<ServerSentEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        string? type = null;
        StringBuilder? data = null;
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new ServerSentEvent(type ?? "message", data.ToString(), _lastId);
                }

                type = null;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event":
                    type = value;
                    break;
                case "data":
                    if (data is null)
                    {
                        data = new StringBuilder(value);
                    }
                    else
                    {
                        data.Append('\n').Append(value);
                    }

                    break;
                case "id" when !value.Contains('\0', StringComparison.Ordinal):
                    _lastId = value;
                    break;
            }
        }

        return null;
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (await _reader.ReadAsync(_one, cancellationToken) == 0)
            {
                return line.Length == 0 ? null : line.ToString();
            }

            var c = _one.Span[0];
            var afterCarriageReturn = _afterCarriageReturn;
            _afterCarriageReturn = c == '\r';
            switch (c)
            {
                case '\n' when afterCarriageReturn && line.Length == 0:
                    continue; // the \n of a \r\n pair
                case '\n' or '\r':
                    return line.ToString();
                default:
                    if (line.Length >= MaxLineLength)
                    {
                        throw new InvalidDataException($"an event stream line is longer than {MaxLineLength} characters");
                    }

                    line.Append(c);
                    break;
            }
        }
    }
}
