using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>A registered cloud offer with its miner's GPUs as they are now (none until the miner's daemon registers them).</summary>
public sealed record CloudPoolEntryResponse(CloudOffer Offer, bool Online, IReadOnlyList<GpuResponse> Gpus);
