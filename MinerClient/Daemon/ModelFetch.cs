using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Models;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>A model variant on local disk: its file, its SHA-256, and whether it was already cached (warm) or downloaded now.</summary>
public sealed record ModelFetch(ModelInfo Info, string Path, string Sha256, Precision Precision, bool WasCached);
