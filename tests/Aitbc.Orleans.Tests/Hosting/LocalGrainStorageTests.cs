using System.Runtime.CompilerServices;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit;

namespace Aitbc.Orleans.Tests.Hosting;

/// <summary>
/// The development silo's storage keeps what was written, apart from the grain's live object, and refuses a write whose
/// ETag is not the stored one, as a database provider does.
/// </summary>
public sealed class LocalGrainStorageTests
{
    private static readonly GrainId Account = GrainId.Create("account", "dev");

    [Fact]
    public async Task Keeps_a_copy_of_each_write_and_refuses_a_write_with_a_stale_etag()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var storage = new LocalGrainStorage(services.GetRequiredService<Serializer>());

        // Never written: the grain's fresh default stays, and no record exists.
        var fresh = new AccountState();
        var missing = new GrainState<AccountState>(fresh);
        await storage.ReadStateAsync("account", Account, missing);
        Assert.Same(fresh, missing.State);
        Assert.False(missing.RecordExists);

        var written = new AccountState { Balance = 5m };
        written.Holds["j-1"] = 1.5m;
        var live = new GrainState<AccountState>(written);
        await storage.WriteStateAsync("account", Account, live);
        Assert.True(live.RecordExists);
        var first = live.ETag;
        Assert.NotNull(first);

        // What the grain changes after the write is not what storage holds.
        written.Balance = 99m;
        var read = new GrainState<AccountState>(new AccountState());
        await storage.ReadStateAsync("account", Account, read);
        var stored = read.State!;
        Assert.Equal(5m, stored.Balance);
        Assert.Equal(1.5m, stored.Holds["j-1"]);
        Assert.Equal(first, read.ETag);
        Assert.True(read.RecordExists);

        // The reader writes next; the first holder's ETag is now stale and its write is refused, changing nothing.
        stored.Balance = 7m;
        await storage.WriteStateAsync("account", Account, read);
        Assert.NotEqual(first, read.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("account", Account, live));
        var again = new GrainState<AccountState>(new AccountState());
        await storage.ReadStateAsync("account", Account, again);
        Assert.Equal(7m, again.State!.Balance);

        // The same grain under another state name is another row.
        var other = new GrainState<AccountState>(new AccountState());
        await storage.ReadStateAsync("other", Account, other);
        Assert.False(other.RecordExists);

        await storage.ClearStateAsync("account", Account, again);
        Assert.False(again.RecordExists);
        Assert.Null(again.ETag);
        Assert.Equal(0, storage.Rows.Count);
    }

    [Fact]
    public void Keeps_the_stored_bytes_off_the_managed_heap()
    {
        // Rows kept as managed arrays would hold every payload written (and the GC would copy each through gen0 and
        // gen1 into gen2); the rows keep no managed reference to what they were given.
        const int rows = 16;
        const int size = 1 << 20;
        using var stored = new GrainStateRows();
        var given = WriteRows(stored, rows, size);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Assert.All(given, payload => Assert.False(payload.IsAlive));
        Assert.Equal(rows * (long)size, stored.Sizes().Single().Bytes);

        // Every row reads back whole, and a replaced row reads as its replacement.
        Assert.True(stored.TryRead("job", GrainId.Create("job", "j-7"), out var etag, out var read));
        Assert.Equal(size, read.Length);
        Assert.Equal((7, 8), (read[0], read[^1]));
        stored.Write("job", GrainId.Create("job", "j-7"), etag, [1, 2, 3]);
        Assert.True(stored.TryRead("job", GrainId.Create("job", "j-7"), out _, out read));
        Assert.Equal([1, 2, 3], read);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] WriteRows(GrainStateRows stored, int rows, int size)
    {
        var given = new WeakReference[rows];
        for (var i = 0; i < rows; i++)
        {
            var payload = new byte[size];
            payload[0] = (byte)i;
            payload[^1] = (byte)(i + 1);
            stored.Write("job", GrainId.Create("job", $"j-{i}"), null, payload);
            given[i] = new WeakReference(payload);
        }

        return given;
    }

    [Fact]
    public void A_storage_frees_its_own_rows_and_leaves_shared_ones_to_their_owner()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        using var shared = new GrainStateRows();
        shared.Write("account", Account, null, [1]);

        new LocalGrainStorage(serializer, shared).Dispose();
        Assert.True(shared.TryRead("account", Account, out _, out _));

        var own = new LocalGrainStorage(serializer);
        own.Rows.Write("account", Account, null, [1]);
        own.Dispose();
        Assert.Throws<ObjectDisposedException>(() => own.Rows.TryRead("account", Account, out _, out _));
    }
}
