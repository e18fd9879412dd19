using System.Data.Common;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// What a database driver throws when the server is gone: a DbException of the driver's own type, with no Orleans
/// codec (like Npgsql's PostgresException), so it cannot cross the silo boundary unless the cluster translates it.
/// </summary>
public sealed class SimulatedDatabaseException : DbException
{
    public SimulatedDatabaseException()
    {
    }

    public SimulatedDatabaseException(string message) : base(message)
    {
    }

    public SimulatedDatabaseException(string message, Exception inner) : base(message, inner)
    {
    }
}
