namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>Bytes of an upload sent so far, of <see cref="TotalBytes"/> when the length is known.</summary>
public readonly record struct TransferProgress(long BytesSent, long? TotalBytes);
