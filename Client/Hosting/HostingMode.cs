namespace Aitbc.Orleans.Hosting;

public enum HostingMode
{
    /// <summary>One process: localhost clustering, in-memory storage, streams and reminders; no TLS.</summary>
    Development = 0,

    /// <summary>
    /// PostgreSQL clustering, persistence and reminders on the silos; silos, gateways and miners as separate processes,
    /// every connection TLS with the cluster's certificates. Clients never see the database.
    /// </summary>
    Production = 1,
}
