using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>A gateway with the world the bad-input suite attacks: created once, checked after every case.</summary>
public sealed class BadInputFixture(ClusterFixture cluster) : GatewayFixture(cluster)
{
    public BadInputWorld World { get; private set; } = null!;

    protected override async Task OnStartedAsync()
    {
        var tenant = await NewTenant(100m);
        var modelId = await tenant.Http.UploadModel(TestModels.Identity4("bad-input-suite"));
        World = new BadInputWorld(tenant, Http("dev-key"), modelId, $"credit-target-{Guid.NewGuid():N}");
    }
}
