namespace Aitbc.Orleans.Access;

/// <summary>One API key, keyed by <see cref="ApiKeys.IdOf"/> of the key (its SHA-256 in hex), so lookups need no scan.</summary>
[Alias("aitbc.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Stores the record once; false when this key id already exists (the stored record is kept).</summary>
    [Alias("Create")]
    Task<bool> Create(ApiKeyRecord record);

    [Alias("Get")]
    Task<ApiKeyRecord?> Get();

    /// <summary>Marks the key revoked (idempotent); null when there is no such key.</summary>
    [Alias("Revoke")]
    Task<ApiKeyRecord?> Revoke(DateTimeOffset at);
}
