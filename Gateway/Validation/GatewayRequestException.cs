namespace Aitbc.Orleans.Gateway.Validation;

/// <summary>
/// A request the gateway refuses, thrown by the shared services and turned into a problem (HTTP) or a status
/// (gRPC) at the edge. Nothing has been stored when it is thrown.
/// </summary>
public sealed class GatewayRequestException : Exception
{
    public GatewayRequestException()
    {
    }

    public GatewayRequestException(string message) : base(message)
    {
    }

    public GatewayRequestException(string message, Exception inner) : base(message, inner)
    {
    }

    public GatewayRequestException(FailureKind kind, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(detail)
    {
        Kind = kind;
        Title = title;
        Errors = errors;
    }

    public FailureKind Kind { get; }

    public string Title { get; } = "The request was refused";

    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    public static GatewayRequestException Invalid(ValidationErrors errors) =>
        new(FailureKind.Invalid, "The request is invalid", "One or more fields are invalid; see errors.", errors.ToDictionary());

    public static GatewayRequestException Invalid(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return Invalid(errors);
    }

    public static GatewayRequestException NotFound(string detail) => new(FailureKind.NotFound, "Not found", detail);
}
