using System.Collections.Concurrent;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Caching;

/// <summary>
/// API key records per gateway process, so authenticating a request costs no grain call. An entry lives
/// <see cref="GatewayOptions.ApiKeyCacheSeconds"/>; a key revoked through this gateway is dropped at once
/// (<see cref="Invalidate"/>), one revoked through another gateway stops working here within that time. Unknown keys
/// are not cached (nothing to keep for made-up keys); revoked ones are, so they are refused cheaply. Bounded: past
/// <see cref="Capacity"/> entries the cache starts over.
/// </summary>
public sealed class ApiKeyCache(IGrainFactory grains, IOptions<GatewayOptions> options)
{
    public const int Capacity = 100_000;
    private readonly ConcurrentDictionary<string, (ApiKeyRecord Record, long ExpiresAtMs)> _keys = new(StringComparer.Ordinal);
    private readonly long _ttlMs = (long)TimeSpan.FromSeconds(options.Value.ApiKeyCacheSeconds).TotalMilliseconds;

    public async ValueTask<ApiKeyRecord?> GetAsync(string keyId)
    {
        // Operational time (the process clock), not domain time.
        var now = Environment.TickCount64;
        if (_keys.TryGetValue(keyId, out var entry) && entry.ExpiresAtMs > now)
        {
            return entry.Record;
        }

        var record = await grains.Grain<IApiKeyGrain>(keyId).Get();
        if (record is null)
        {
            _keys.TryRemove(keyId, out _);
            return null;
        }

        if (_ttlMs > 0)
        {
            if (_keys.Count >= Capacity)
            {
                _keys.Clear();
            }

            _keys[keyId] = (record, now + _ttlMs);
        }

        return record;
    }

    public void Invalidate(string keyId) => _keys.TryRemove(keyId, out _);
}
