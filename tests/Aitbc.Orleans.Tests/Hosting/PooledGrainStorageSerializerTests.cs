using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit;

namespace Aitbc.Orleans.Tests.Hosting;

/// <summary>The pooled storage serializer must write the stock serializer's bytes, so rows already stored keep reading.</summary>
public sealed class PooledGrainStorageSerializerTests
{
    [Fact]
    public void Writes_the_bytes_of_the_stock_serializer_and_reads_its_rows()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var stock = new OrleansGrainStorageSerializer(serializer);
        var pooled = new PooledGrainStorageSerializer(serializer);
        var state = new AccountState { Balance = 12.5m, Sequence = 70 };
        state.Holds["j-1"] = 0.25m;
        for (var i = 0; i < 70; i++)
        {
            // Enough entries that the payload outgrows the first buffers of either writer.
            var operation = new LedgerOperation($"op-{i}", LedgerOperationKind.Hold, i, $"hold for job j-{i}", $"j-{i}", Counterparty: "miner:m-1");
            state.Entries.Add(new LedgerEntry(i, operation, i, DateTimeOffset.UnixEpoch.AddSeconds(i), 100 - i, 0, i));
        }

        var written = pooled.Serialize(state);

        Assert.Equal(stock.Serialize(state).ToArray(), written.ToArray());
        var read = stock.Deserialize<AccountState>(written)!;
        Assert.Equal(70, read.Entries.Count);
        Assert.Equal("hold for job j-69", read.Entries[^1].Operation.Reason);
        Assert.Equal(0.25m, pooled.Deserialize<AccountState>(stock.Serialize(state)).Holds["j-1"]);
    }
}
