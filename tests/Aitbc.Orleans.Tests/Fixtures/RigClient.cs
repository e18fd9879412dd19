using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Client.Security;
using Aitbc.Orleans.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// A rig as the production cluster sees one: enrolled by its owner over HTTP, holding the client certificate the
/// cluster CA issued for its key, connected over TLS with the production client library (silo gateways from
/// GET /v1/cluster/gateways, a session signed in with its key). <see cref="Miner"/> answers jobs (or misbehaves) and
/// <see cref="Client"/> lets a test call any grain as this miner, as an attacker with the stock libraries would.
/// </summary>
public sealed class RigClient : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly DirectoryInfo _state;

    private RigClient(IHost host, DirectoryInfo state, TestMiner miner, string credential)
    {
        _host = host;
        _state = state;
        Miner = miner;
        Credential = credential;
    }

    public TestMiner Miner { get; }

    public string MinerId => Miner.MinerId;

    /// <summary>The miner's own API key from enrolment.</summary>
    public string Credential { get; }

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<RigClient> Enroll(ProductionClusterFixture cluster, HttpClient owner, string? minerId = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(owner);
        minerId ??= $"rig-{Guid.NewGuid():N}"[..20];
        var state = Directory.CreateTempSubdirectory("aitbc-rig-");
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        using var response = await owner.PostAsJsonAsync("/v1/miners", new { publicKey, minerId, name = "test rig" });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("no enrolment answer");
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"enrolment refused: {body}");
        }

        await File.WriteAllTextAsync(Path.Combine(state.FullName, "identity.key"), key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(Path.Combine(state.FullName, "certificate.pem"), body["certificate"]!.GetValue<string>());
        await File.WriteAllTextAsync(Path.Combine(state.FullName, "ca.pem"), body["caCertificate"]!.GetValue<string>());
        var credential = body["credential"]!.GetValue<string>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aitbc:Mode"] = "Production",
            ["Aitbc:Coordinator"] = cluster.GatewayUrl.ToString(),
            ["Aitbc:CoordinatorCredential"] = credential,
            ["Aitbc:Trust:CaCertificate"] = Path.Combine(state.FullName, "ca.pem"),
            ["Aitbc:Trust:Certificate"] = Path.Combine(state.FullName, "certificate.pem"),
            ["Aitbc:Trust:CertificateKey"] = Path.Combine(state.FullName, "identity.key"),
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(c => c.UseAitbcCluster(configuration, _ => new MinerKeyCredential(
            minerId, data => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))));
        var host = builder.Build();
        await host.StartAsync();
        return new RigClient(host, state, new TestMiner(host.Services.GetRequiredService<IClusterClient>(), minerId, key), credential);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
            // The cluster may already be gone; the rig is thrown away either way.
        }

        _host.Dispose();
        Miner.Dispose();
        _state.Delete(recursive: true);
    }
}
