namespace Aitbc.Orleans.Gateway.Http;

/// <summary>Marks the private job submission, whose body may be as large as GatewayOptions.MaxPrivateJobBytes.</summary>
public sealed class PrivateJobMetadata;
