namespace Aitbc.Orleans.Fleet.Rows;

/// <summary>A thermal emergency under load: the miner is slashed once per incident, after its jobs were told.</summary>
internal sealed record ThermalSlash(string MinerId, string Incident, string Evidence);
