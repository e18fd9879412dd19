namespace Aitbc.Orleans.Gateway.Http;

/// <summary>Marks the model upload endpoint, whose body may be as large as GatewayOptions.MaxModelBytes.</summary>
public sealed class ModelUploadMetadata;
