using System.Security.Cryptography;
using Aitbc.Orleans.Trust;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// The shared test cluster with the silos' authorization filter on, as every real silo runs it, and its own token key.
/// The fixture's client acts as an operator with a session token minted from that key: a fixture-only credential
/// (the key exists only in this test process; nothing in the silos lets an unsigned caller through). Tests act as
/// anyone else by putting that caller's token in the request context (<see cref="Acting"/>), exactly what a client
/// sends. Domain time is fake, so sessions and challenges can expire on demand.
/// </summary>
public sealed class EnforcingClusterFixture : ClusterFixture
{
    private readonly string _tokenKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public EnforcingClusterFixture() => Tokens = new ClusterTokens(Options.Create(new TrustOptions { TokenKey = _tokenKey }));

    /// <summary>Mints tokens as the silos do, with the fixture's key.</summary>
    public ClusterTokens Tokens { get; }

    /// <summary>A session token for <paramref name="kind"/>:<paramref name="id"/>, valid for 30 minutes of domain time.</summary>
    public string Session(CallerKind kind, string id) => Tokens.IssueToken(new CallerIdentity(kind, id), Time.GetUtcNow().AddMinutes(30));

    /// <summary>Calls made until disposal carry <paramref name="token"/>, as that client's calls would.</summary>
    public static IDisposable Acting(string token)
    {
        RequestContext.Set(TrustRequestContext.TokenKey, token);
        return new Scope();
    }

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        var key = _tokenKey;
        silo.Services.Configure<TrustOptions>(o => o.TokenKey = key);
        silo.AddAitbcCallAuthorization();
    }

    protected override void ConfigureClient(IClientBuilder client)
    {
        var tokens = Tokens;
        client.AddOutgoingGrainCallFilter(context =>
        {
            if (RequestContext.Get(TrustRequestContext.TokenKey) is null)
            {
                RequestContext.Set(TrustRequestContext.TokenKey,
                    tokens.IssueToken(new CallerIdentity(CallerKind.Operator, "fixture"), DateTimeOffset.MaxValue.AddDays(-1)));
            }

            return context.Invoke();
        });
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => RequestContext.Remove(TrustRequestContext.TokenKey);
    }
}
