using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Fhe.Serialization;

/// <summary>The fixed 24-byte header every blob starts with: what it is, in which format version, for which parameters and key set.</summary>
public sealed record FheBlobHeader(FheBlobKind Kind, ushort Version, CkksParameterSetId ParameterSet, FheKeyId KeyId);
