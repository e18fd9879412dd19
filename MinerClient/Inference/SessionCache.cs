using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// The loaded sessions of one engine, least recently used first out once their estimated memory passes the budget.
/// A session is loaded once however many runs ask for it at the same time; a load that fails is not cached, so the
/// next job may bring a repaired file or a working provider. Sessions in use are never closed under a run.
/// </summary>
internal sealed class SessionCache(long budgetBytes, ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<SessionKey, Lazy<LoadedSession>> _sessions = new();
    private readonly Lock _trimGate = new();
    private volatile LastFound? _last;

    public int Count => _sessions.Count(s => s.Value.IsValueCreated);

    public long Footprint => Loaded().Sum(s => s.Footprint);

    /// <summary>A referenced session if it is loaded already (no allocation on this path), else null.</summary>
    public LoadedSession? TryAcquire(SessionKey key)
    {
        // Runs of one model follow each other: the last session found answers without hashing the key.
        if (_last is { } last && last.Key == key && !last.Session.IsEvicted && last.Session.TryAddRef())
        {
            last.Session.Touch();
            return last.Session;
        }

        while (_sessions.TryGetValue(key, out var lazy) && lazy.IsValueCreated)
        {
            var session = lazy.Value;
            if (session.TryAddRef())
            {
                session.Touch();
                if (_last?.Session != session)
                {
                    _last = new LastFound(key, session);
                }

                return session;
            }

            // Closed by an eviction between the lookup and the reference: forget it and look again.
            _sessions.TryRemove(new KeyValuePair<SessionKey, Lazy<LoadedSession>>(key, lazy));
        }

        return null;
    }

    /// <summary>A referenced session, loading it (once, whoever else asks meanwhile) when needed.</summary>
    public (LoadedSession Session, bool CacheHit) Acquire(SessionKey key, Func<LoadedSession> load)
    {
        while (true)
        {
            var lazy = _sessions.GetOrAdd(key, _ => new Lazy<LoadedSession>(load, LazyThreadSafetyMode.ExecutionAndPublication));
            var cacheHit = lazy.IsValueCreated;
            LoadedSession session;
            try
            {
                session = lazy.Value;
            }
            catch
            {
                _sessions.TryRemove(new KeyValuePair<SessionKey, Lazy<LoadedSession>>(key, lazy));
                throw;
            }

            if (session.TryAddRef())
            {
                session.Touch();
                if (!cacheHit)
                {
                    Trim(keep: session);
                }

                return (session, cacheHit);
            }

            _sessions.TryRemove(new KeyValuePair<SessionKey, Lazy<LoadedSession>>(key, lazy));
        }
    }

    /// <summary>Closes idle sessions, least recently used first, until the estimate fits the budget.</summary>
    public void Trim(LoadedSession keep)
    {
        lock (_trimGate)
        {
            var loaded = _sessions.Where(s => s.Value.IsValueCreated).Select(s => (s.Key, Session: s.Value.Value)).ToList();
            var total = loaded.Sum(s => s.Session.Footprint);
            foreach (var (key, session) in loaded.OrderBy(s => s.Session.LastUsed))
            {
                if (total <= budgetBytes)
                {
                    return;
                }

                if (session == keep || !session.IsIdle)
                {
                    continue;
                }

                var footprint = session.Footprint;
                if (_sessions.TryRemove(key, out _))
                {
                    session.MarkEvicted();
                    total -= footprint;
                    logger.LogInformation(
                        "Closed the session of model {Model} ({Bytes} bytes estimated) to keep loaded sessions under {Budget} bytes",
                        key, footprint, budgetBytes);
                }
            }
        }
    }

    public bool Evict(SessionKey key)
    {
        if (_sessions.TryRemove(key, out var lazy) && lazy.IsValueCreated)
        {
            lazy.Value.MarkEvicted();
            return true;
        }

        return false;
    }

    public void Dispose()
    {
        foreach (var session in Loaded())
        {
            session.Dispose();
        }

        _sessions.Clear();
    }

    private List<LoadedSession> Loaded() => _sessions.Values.Where(l => l.IsValueCreated).Select(l => l.Value).ToList();

    private sealed record LastFound(SessionKey Key, LoadedSession Session);
}
