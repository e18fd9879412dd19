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

    /// <summary>Well-formed but cannot be done (a model that cannot run privately, a ciphertext that does not fit its plan): 422.</summary>
    Unprocessable,
}
