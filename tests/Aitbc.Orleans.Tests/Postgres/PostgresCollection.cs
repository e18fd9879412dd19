using Aitbc.Orleans.Tests.Fixtures;
using Xunit;

namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>
/// One database for the whole PostgreSQL suite; its classes run one after another so at most one
/// pair of silos competes for the (small) CI machine. Tests isolate themselves by ClusterId/ServiceId.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresDatabase>
{
    public const string Name = "PostgreSQL";
}
