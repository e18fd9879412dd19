using System.Security.Cryptography;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Trust;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// An in-process cluster with the silos' authorization filter on, as every real silo runs it, and its own token key.
/// The fixture's client acts as an operator with a session token minted from that key: a fixture-only credential
/// (the key exists only in this test process; nothing in the silos lets an unsigned caller through). Tests act as
/// anyone else by putting that caller's token in the request context (<see cref="Acting"/>), exactly what a client
/// sends. Domain time is fake, so sessions and challenges can expire on demand.
/// </summary>
public sealed class EnforcingClusterFixture : IAsyncLifetime
{
    private readonly string _tokenKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>Mints tokens as the silos do, with the fixture's key.</summary>
    public ClusterTokens Tokens { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Tokens = new ClusterTokens(Options.Create(new TrustOptions { TokenKey = _tokenKey }));
        var builder = new InProcessTestClusterBuilder(1);
        var time = Time;
        var key = _tokenKey;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(AitbcConstants.GrainStorage, (OptionsBuilder<MemoryGrainStorageOptions> options) =>
                options.Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton(new DomainTime(time));
            silo.Services.AddAitbcGrainServices();
            silo.Services.Configure<TrustOptions>(o => o.TokenKey = key);
            silo.AddAitbcCallAuthorization();
            silo.Configure<global::Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2));
        });
        var tokens = Tokens;
        builder.ConfigureClient(client =>
        {
            client.Configure<global::Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2));
            client.AddOutgoingGrainCallFilter(context =>
            {
                if (RequestContext.Get(TrustRequestContext.TokenKey) is null)
                {
                    RequestContext.Set(TrustRequestContext.TokenKey,
                        tokens.IssueToken(new CallerIdentity(CallerKind.Operator, "fixture"), DateTimeOffset.MaxValue.AddDays(-1)));
                }

                return context.Invoke();
            });
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>A session token for <paramref name="kind"/>:<paramref name="id"/>, valid for 30 minutes of domain time.</summary>
    public string Session(CallerKind kind, string id) => Tokens.IssueToken(new CallerIdentity(kind, id), Time.GetUtcNow().AddMinutes(30));

    /// <summary>Calls made until disposal carry <paramref name="token"/>, as that client's calls would.</summary>
    public static IDisposable Acting(string token)
    {
        RequestContext.Set(TrustRequestContext.TokenKey, token);
        return new Scope();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => RequestContext.Remove(TrustRequestContext.TokenKey);
    }
}
