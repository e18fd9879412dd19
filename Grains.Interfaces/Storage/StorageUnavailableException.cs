namespace Aitbc.Orleans.Storage;

/// <summary>
/// The cluster could not read or write durable state (the database is down, a connection pool is exhausted, a write
/// conflicted). Nothing was accepted by the call that failed, so the caller may retry; the gateway answers 503 with
/// Retry-After (HTTP) or Unavailable (gRPC). It carries only text, so it crosses the silo boundary with no codec for
/// the driver's own exception types (which do not serialise).
/// </summary>
[GenerateSerializer, Alias("aitbc.StorageUnavailableException")]
public sealed class StorageUnavailableException : OrleansException
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>A storage failure described in text only (type, SQLSTATE, message), without the original exception.</summary>
    public static StorageUnavailableException From(string operation, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var root = failure;
        while (root is OrleansException { InnerException: { } inner })
        {
            root = inner;
        }

        return new StorageUnavailableException($"storage unavailable during {operation}: {root.GetType().Name}: {root.Message}");
    }
}
