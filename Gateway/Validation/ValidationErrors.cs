namespace Aitbc.Orleans.Gateway.Validation;

/// <summary>Messages per field (JSON path without the leading "$."), the "errors" member of a 400 problem.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public int Count => _errors.Count;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }

        messages.Add(message);
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>Throws a 400 <see cref="GatewayRequestException"/> when any field failed.</summary>
    public void ThrowIfAny()
    {
        if (!IsEmpty)
        {
            throw GatewayRequestException.Invalid(this);
        }
    }
}
