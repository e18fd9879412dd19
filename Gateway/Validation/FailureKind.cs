namespace Aitbc.Orleans.Gateway.Validation;

/// <summary>Why the gateway refused a request; HTTP and gRPC each map it to their own status.</summary>
public enum FailureKind
{
    Invalid,
    NotFound,
    Conflict,
    PaymentRequired,
    Forbidden,
    PayloadTooLarge,
    UnsupportedMediaType,
}
