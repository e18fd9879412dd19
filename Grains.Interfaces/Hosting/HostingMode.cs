namespace Aitbc.Orleans.Hosting;

public enum HostingMode
{
    /// <summary>One process: localhost clustering, in-memory storage, streams and reminders.</summary>
    Development = 0,

    /// <summary>PostgreSQL (ADO.NET) clustering, persistence and reminders; silos, gateways and miners as separate processes.</summary>
    Production = 1,
}
