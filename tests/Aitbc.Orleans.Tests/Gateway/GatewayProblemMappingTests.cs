using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>What the gateway answers for the cluster's refusals: a problem with a 4xx or 503 status, never a bare 500.</summary>
public sealed class GatewayProblemMappingTests
{
    [Fact]
    public void A_call_the_clusters_filter_denies_is_a_403_problem_that_says_why()
    {
        var problem = GatewayExceptionHandler.Describe(new CallDeniedException("tenant t-1 may not read job j-2"));

        Assert.NotNull(problem);
        Assert.Equal(403, problem.Status);
        Assert.Equal("tenant t-1 may not read job j-2", problem.Detail);
    }

    [Fact]
    public void An_exception_the_gateway_does_not_know_stays_a_500_because_it_is_a_bug()
    {
        Assert.Null(GatewayExceptionHandler.Describe(new InvalidOperationException("unexpected")));
    }
}
