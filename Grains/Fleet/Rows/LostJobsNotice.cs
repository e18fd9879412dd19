namespace Aitbc.Orleans.Fleet.Rows;

/// <summary>Jobs to tell, after the turn, that their GPU is gone, and for a thermal emergency the slash that follows.</summary>
internal sealed record LostJobsNotice(string GpuId, string[] JobIds, string Reason, string What, ThermalSlash? Slash = null);
