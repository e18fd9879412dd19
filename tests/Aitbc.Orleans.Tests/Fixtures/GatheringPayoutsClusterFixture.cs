using Aitbc.Orleans.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// A cluster whose accounts gather payouts for 500 ms before sealing them (10 times the default), so that a stream of
/// acknowledgements a few milliseconds apart never leaves a gap the delivery could fire in by luck.
/// </summary>
public sealed class GatheringPayoutsClusterFixture : ClusterFixture
{
    public static readonly TimeSpan TransferDelay = TimeSpan.FromMilliseconds(500);

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.Configure<LedgerOptions>(o => o.TransferDelay = TransferDelay);
    }
}
