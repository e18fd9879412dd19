using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tests.Fixtures;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>
/// Every malformed request gets the 4xx it deserves with a problem body, never a 5xx, and changes nothing: the
/// tenant's balance and escrow, its job list, the model catalogue and the operator's target account stay as they were.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayBadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    public static TheoryData<string> CaseNames => new(BadInputCases.All.Select(c => c.Name));

    [Fact]
    public void The_suite_has_at_least_sixty_distinct_cases()
    {
        Assert.True(BadInputCases.All.Count >= 60, $"only {BadInputCases.All.Count} cases");
        Assert.Equal(BadInputCases.All.Count, BadInputCases.All.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_malformed_request_is_refused_with_a_4xx_problem_and_changes_nothing(string name)
    {
        var world = fixture.World;
        var test = BadInputCases.All.Single(c => c.Name == name);
        var before = await State(world);

        using var request = new HttpRequestMessage(new HttpMethod(test.Method), BadInputCases.FillPath(test.Path, world))
        {
            Content = test.Body(world),
        };
        test.Adjust?.Invoke(request);
        using var response = await (test.AsOperator ? world.Operator : world.Tenant.Http).SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{name}: expected a 4xx, got {status}: {body}");
        Assert.True(status == test.Expected, $"{name}: expected {test.Expected}, got {status}: {body}");
        if (status != 416)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(before, await State(world));
    }

    private async Task<string> State(BadInputWorld world)
    {
        var grains = fixture.Client;
        var tenant = await grains.GetGrain<IAccountGrain>(world.Tenant.AccountId).GetSnapshot();
        var jobs = await grains.GetGrain<ITenantJobsGrain>(world.Tenant.AccountId).List(10_000);
        var models = await grains.GetGrain<IModelCatalogGrain>("models").List();
        var target = await grains.GetGrain<IAccountGrain>(world.CreditTarget).GetSnapshot();
        return $"balance {tenant.Balance}, escrow {tenant.Escrow}, entries {tenant.RecentEntries.Count}, jobs {jobs.Count}, " +
               $"models {models.Count}, target {target.Balance}/{target.RecentEntries.Count}";
    }
}
