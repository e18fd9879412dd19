using Aitbc.Orleans.Silo.Hosting;
using Npgsql;

namespace Aitbc.Orleans.Tests.Hosting;

public sealed class ConnectionPoolSizeTests
{
    [Fact]
    public void A_connection_string_without_a_pool_size_gets_the_default()
    {
        var sized = SiloDatabase.WithPoolSize("Host=db;Username=aitbc;Password=secret;Database=aitbc");

        Assert.Equal(SiloDatabase.DefaultMaxPoolSize, new NpgsqlConnectionStringBuilder(sized).MaxPoolSize);
        Assert.Equal("db", new NpgsqlConnectionStringBuilder(sized).Host);
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=7")]
    [InlineData("Host=db;maxpoolsize=7")]
    public void A_pool_size_the_operator_set_is_kept(string connectionString) =>
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(SiloDatabase.WithPoolSize(connectionString)).MaxPoolSize);

    [Fact]
    public void The_pool_skips_the_reset_on_close_unless_the_operator_asks_for_it()
    {
        Assert.True(new NpgsqlConnectionStringBuilder(SiloDatabase.WithoutResetOnClose("Host=db;Database=aitbc")).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(SiloDatabase.WithoutResetOnClose("Host=db;No Reset On Close=false")).NoResetOnClose);
    }

    [Fact]
    public void The_pool_prepares_the_storage_statements_unless_the_operator_says_otherwise()
    {
        Assert.Equal(SiloDatabase.DefaultMaxAutoPrepare, new NpgsqlConnectionStringBuilder(SiloDatabase.WithAutoPrepare("Host=db;Database=aitbc")).MaxAutoPrepare);
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(SiloDatabase.WithAutoPrepare("Host=db;Max Auto Prepare=0")).MaxAutoPrepare);
    }
}
